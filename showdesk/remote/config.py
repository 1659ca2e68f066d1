"""Where remote control listens, from the show's settings and `showdesk run`'s options, and
whether it may: beyond this machine only with a passcode."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from showdesk.settings import Settings, check_setting


@dataclass(frozen=True)
class RemoteConfig:
    enabled: bool
    port: int
    bind: str
    passcode: str
    view_passcode: str

    @property
    def loopback(self) -> bool:
        return ipaddress.ip_address(self.bind).is_loopback

    def refusal(self) -> str:
        """Why remote control must not listen as configured ("" when it may)."""
        if self.enabled and not self.loopback and not (self.passcode or self.view_passcode):
            return (
                f"remote control stays closed: it would listen on {self.bind}, beyond this "
                "machine, and no passcode is set (set one, or listen on 127.0.0.1)"
            )
        return ""


def remote_config(
    settings: Settings, *, remote: bool = False, port: int | None = None, bind: str | None = None
) -> RemoteConfig:
    """The show's settings, with `showdesk run --remote [--remote-port N] [--remote-bind ADDR]`
    over them for this run (checked like the settings; ShowFileError says what is wrong). Port 0
    on the command line takes any free port; the `listening` event says which."""
    if port is not None and port != 0:
        port = check_setting("remote_port", port)
    return RemoteConfig(
        enabled=settings.remote or remote,
        port=settings.remote_port if port is None else port,
        bind=settings.remote_bind if bind is None else check_setting("remote_bind", bind),
        passcode=settings.passcode,
        view_passcode=settings.view_passcode,
    )
