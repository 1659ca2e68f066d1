"""The report as a mail to open in a mail client and send: a `.eml` file, never sent from here.

Reports travel by mail the night of the show. The text of the mail is the Markdown report
(readable as plain text), and the PDF is attached. `X-Unsent: 1` asks the mail clients that know
it (Outlook, and others since) to open the file as a draft, ready to address and send.
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from showdesk.report.model import Report


def attachment_name(report: Report) -> str:
    """`The Tempest - Preview 3 - show report.pdf`, with nothing a file system refuses."""
    name = f"{report.show} - {report.performance.name} - show report.pdf"
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip() or "show report.pdf"


def email_message(
    report: Report, markdown: str, pdf: bytes, *, to: tuple[str, ...] = (), sender: str = ""
) -> bytes:
    message = EmailMessage(policy=SMTP)  # CRLF line ends, as mail files have them
    message["Subject"] = f"Show report: {report.show}, {report.performance.name} ({report.date})"
    if sender:
        message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="showdesk.invalid")
    message["X-Unsent"] = "1"
    message.set_content(markdown, subtype="plain", charset="utf-8")
    message.add_attachment(pdf, maintype="application", subtype="pdf",
                           filename=attachment_name(report))  # fmt: skip
    return bytes(message)
