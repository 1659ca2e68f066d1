"""The files that make the bundle an installed desktop app: the .desktop entry, the .showdesk MIME
type, the icons, and install.sh, which puts them where a desktop looks (run here into a
temporary home)."""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from showdesk.schema import APPLICATION_ID
from showdesk.showfile import ShowFile
from tests.conftest import ROOT

LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "packaging" / "icons"
MIME = "application/x-showdesk"
NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  (keys keep their case)
    parser.read(path)
    return parser["Desktop Entry"]


def test_the_desktop_entry_opens_a_double_clicked_show_in_the_app() -> None:
    entry = desktop_entry(LINUX / "showdesk.desktop")
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "showdesk-app %f"
    assert entry["Icon"] == "showdesk"
    assert entry["Terminal"] == "false"
    assert MIME in entry["MimeType"].split(";")


def test_the_mime_type_knows_a_show_by_name_and_by_its_sqlite_application_id(
    tmp_path: Path,
) -> None:
    mime = ET.parse(LINUX / "showdesk-mime.xml").getroot().find("m:mime-type", NS)
    assert mime is not None
    assert mime.get("type") == MIME
    assert [g.get("pattern") for g in mime.findall("m:glob", NS)] == ["*.showdesk"]
    header = mime.find("m:magic/m:match", NS)
    inner = mime.find("m:magic/m:match/m:match", NS)
    assert header is not None
    assert inner is not None
    # The magic matches what a real show file has at those offsets.
    path = tmp_path / "show.showdesk"
    ShowFile.create(path).close()
    data = path.read_bytes()
    assert data.startswith(str(header.get("value")).encode())
    offset = int(str(inner.get("offset")))
    assert struct.unpack(">I", data[offset : offset + 4])[0] == int(str(inner.get("value")), 16)
    assert int(str(inner.get("value")), 16) == APPLICATION_ID


def test_each_icon_png_is_the_size_its_name_says() -> None:
    pngs = sorted(ICONS.glob("showdesk-*.png"))
    assert len(pngs) >= 6
    for png in pngs:
        size = int(png.stem.split("-")[1])
        width, height = struct.unpack(">II", png.read_bytes()[16:24])  # the IHDR chunk
        assert (width, height) == (size, size), png.name
    assert (ICONS / "showdesk.svg").read_text().lstrip().startswith("<?xml")


def test_install_sh_puts_the_app_the_entry_the_icon_and_the_mime_type_in_place(
    tmp_path: Path,
) -> None:
    bundle = tmp_path / "showdesk"  # an unpacked bundle, its programs stood in for by scripts
    share = bundle / "share"
    share.mkdir(parents=True)
    for name in ("showdesk.desktop", "showdesk-mime.xml", "install.sh"):
        shutil.copy(LINUX / name, share / name)
    for icon in [*ICONS.glob("showdesk-*.png"), ICONS / "showdesk.svg"]:
        shutil.copy(icon, share / icon.name)
    for program in ("showdesk", "showdesk-app"):
        (bundle / program).write_text("#!/bin/sh\necho showdesk\n")
        (bundle / program).chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    done = subprocess.run(["bash", str(share / "install.sh")], env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    prefix = home / ".local" / "opt" / "showdesk"
    assert (home / ".local" / "bin" / "showdesk-app").resolve() == prefix / "showdesk-app"
    data = home / ".local" / "share"
    entry = desktop_entry(data / "applications" / "showdesk.desktop")
    assert entry["Exec"] == f"{prefix}/showdesk-app %f"
    assert (data / "mime" / "packages" / "showdesk.xml").exists()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "showdesk.png").exists()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "showdesk.svg").exists()
