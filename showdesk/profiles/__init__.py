"""Device profiles: each device's commands as data, so a cue can say `@eos fire list=1 cue=12.5`.

The bundled profiles are TOML files in `showdesk/profiles/data/`. User profiles are read the
same way from the folder(s) in `$SHOWDESK_PROFILES` (several joined by the path separator), or
else from the platform's config folder (`~/.config/showdesk/profiles` on Linux). A user profile
with a bundled profile's id replaces it. A file that cannot be read is reported as a `Problem`
naming the file and the field; the other profiles load all the same.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from cues.text import split_words
from showdesk.profiles.model import Expansion, Profile, ProfileError, Transport, from_data

__all__ = [
    "Catalogue",
    "Expansion",
    "Problem",
    "Profile",
    "ProfileError",
    "Transport",
    "catalogue",
    "expand",
    "is_command",
    "reload",
    "user_dirs",
]

ENV = "SHOWDESK_PROFILES"


@dataclass(frozen=True)
class Problem:
    """A profile file that did not load: the file, the field in it, and why."""

    path: str
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}: {where}{self.reason}"


@dataclass
class Catalogue:
    profiles: dict[str, Profile] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    user_dirs: tuple[Path, ...] = ()

    def get(self, profile_id: str) -> Profile:
        profile = self.profiles.get(profile_id.lower())
        if profile is None:
            known = ", ".join(sorted(self.profiles)) or "none loaded"
            broken = [p for p in self.problems if Path(p.path).stem == profile_id.lower()]
            hint = f"; {broken[0]}" if broken else ""
            raise ValueError(f"unknown device profile {profile_id!r} (known: {known}){hint}")
        return profile


def config_dir() -> Path:
    """The platform's folder for showdesk's settings."""
    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming") / "showdesk"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "showdesk"
    return Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config") / "showdesk"


def user_dirs() -> tuple[Path, ...]:
    """Where user profiles are read from: `$SHOWDESK_PROFILES`, else the config folder."""
    value = os.environ.get(ENV, "")
    if value.strip():
        return tuple(Path(part).expanduser() for part in value.split(os.pathsep) if part.strip())
    return (config_dir() / "profiles",)


def _bundled() -> list[tuple[str, bytes]]:
    folder = files("showdesk.profiles") / "data"
    found = [(f"showdesk/profiles/data/{e.name}", e.read_bytes()) for e in folder.iterdir()
             if e.name.endswith(".toml")]  # fmt: skip
    return sorted(found)


def _user_files(folders: Iterable[Path], problems: list[Problem]) -> list[tuple[str, bytes]]:
    found: list[tuple[str, bytes]] = []
    for folder in folders:
        if not folder.exists():
            continue
        if not folder.is_dir():
            problems.append(Problem(str(folder), "", "is not a folder of profiles"))
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                found.append((str(path), path.read_bytes()))
            except OSError as exc:
                problems.append(Problem(str(path), "", f"cannot be read: {exc.strerror}"))
    return found


def _read(path: str, data: bytes, bundled: bool) -> Profile:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError("", "is not UTF-8 text") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError("", f"is not valid TOML ({exc})") from None
    return from_data(parsed, path, bundled=bundled)


@lru_cache(maxsize=4)
def _load(folders: tuple[Path, ...]) -> Catalogue:
    result = Catalogue(user_dirs=folders)
    sources = [(path, data, True) for path, data in _bundled()]
    sources += [(path, data, False) for path, data in _user_files(folders, result.problems)]
    for path, data, bundled in sources:
        try:
            profile = _read(path, data, bundled)
        except ProfileError as exc:
            result.problems.append(Problem(path, exc.field, exc.reason))
            continue
        earlier = result.profiles.get(profile.id)
        if earlier is not None and not earlier.bundled:
            result.problems.append(
                Problem(path, "id", f"{profile.id!r} is already the id of {earlier.source}")
            )
            continue
        result.profiles[profile.id] = profile  # a user profile replaces a bundled one
    return result


def catalogue() -> Catalogue:
    """Every profile that loaded, and the problems with those that did not."""
    return _load(user_dirs())


def reload() -> None:
    """Forget what was read, so the next `catalogue()` reads the files again."""
    _load.cache_clear()


def is_command(text: str) -> bool:
    """Whether a message cell holds a profile command (it starts with `@`)."""
    return text.lstrip().startswith("@")


def expand(text: str) -> Expansion:
    """What `@device command key=value ...` sends; ValueError naming what is wrong."""
    words = split_words(text)
    if not words or not words[0].startswith("@") or len(words[0]) < 2:
        raise ValueError("a profile command is @DEVICE COMMAND [KEY=VALUE ...], e.g. @eos go")
    profile = catalogue().get(words[0][1:])
    if len(words) < 2:
        raise ValueError(
            f"@{profile.id} needs a command (its commands: {', '.join(profile.commands)})"
        )
    options: dict[str, str] = {}
    for word in words[2:]:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"{profile.id} {words[1]}: expected key=value, got {word!r}")
        if key.lower() in options:
            raise ValueError(f"{profile.id} {words[1]}: parameter {key.lower()} is given twice")
        options[key.lower()] = value
    return profile.expand(words[1], options)
