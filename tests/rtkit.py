"""A system bus, polkitd and rtkit-daemon of the run's own, and a Python an ordinary user can run.

This is how a desktop grants real-time to a program of an ordinary user: the program asks
rtkit-daemon over the system D-Bus, and rtkit asks polkitd whether the user may have it. Here
all three are real and started for the test (or the bench), and touch nothing of the machine's:

- dbus-daemon runs with a configuration of its own (the system bus's policy and the installed
  services' rules, `<type>system</type>`) on a socket in a temporary directory; the daemons and
  the engine find it through DBUS_SYSTEM_BUS_ADDRESS. No /run/dbus socket is made.
- polkitd runs in a mount namespace of its own in which a temporary rules directory is mounted
  over /etc/polkit-1/rules.d: the rule granting `acquire-real-time` and `acquire-high-priority`
  to the test user (standing for the active desktop session rtkit's policy asks for) exists
  only for that polkitd.
- rtkit-daemon sets its own file-size limit to 0, so its log (stderr) must go to a pipe.

The engine then runs as USER (nobody), who cannot run the project's interpreter if it lives under
/root (pyenv's does). So `user_python` copies the engine's packages out of this venv into a
directory everyone can read, for Debian's own python3.11 (the venv's version: the compiled
dependencies fit it). Everything started is stopped by its process id.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

USER, GROUP = "nobody", "nogroup"
INTERPRETER = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
POLKITD = ("/usr/lib/polkit-1/polkitd", "/usr/libexec/polkitd")
RTKIT_DAEMON = ("/usr/libexec/rtkit-daemon", "/usr/lib/rtkit/rtkit-daemon")
PACKAGES = "rtkit, polkitd, dbus-daemon and python3.11 (packaging/packages-test.txt)"
# Real-time for the engine; a better nice value for the app's window (showdesk/window_priority.py).
ACTIONS = ("org.freedesktop.RealtimeKit1.acquire-real-time",
           "org.freedesktop.RealtimeKit1.acquire-high-priority")  # fmt: skip

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <auth>EXTERNAL</auth>
  <listen>unix:path={socket}</listen>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
  <includedir>/etc/dbus-1/system.d</includedir>
</busconfig>
"""
RULE = """polkit.addRule(function(action, subject) {{
    if ({actions}.indexOf(action.id) >= 0 && subject.user == "{user}") {{
        return polkit.Result.YES;
    }}
}});
"""


class Unavailable(Exception):
    """This machine cannot run the daemons (not Linux, not root, no mount namespaces)."""


class Missing(Exception):
    """A package the test needs is not installed: a fix, not a reason to skip."""


@dataclass
class Daemon:
    name: str
    proc: subprocess.Popen[bytes]
    output: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def drain(self) -> None:
        """Reads the daemon's output so it never blocks on a full pipe (and rtkit never writes
        to a file, which its zero file-size limit would forbid)."""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line.decode(errors="replace").rstrip())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5.0)
        if self.reader is not None:
            self.reader.join(timeout=5.0)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@dataclass
class RealtimeKit:
    """The running bus, polkitd and rtkit-daemon; `env` is what a client needs to reach them."""

    address: str
    daemons: list[Daemon]

    def log(self) -> str:
        return "\n".join(f"{d.name}: {line}" for d in self.daemons for line in d.output)

    def env(self, **extra: str) -> dict[str, str]:
        return {"DBUS_SYSTEM_BUS_ADDRESS": self.address, "PATH": "/usr/bin:/bin", **extra}


def _first(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if os.access(p, os.X_OK)), None)


def check_machine() -> None:
    """Raises Unavailable where the daemons cannot run here, Missing where a package is absent."""
    if not sys.platform.startswith("linux"):
        raise Unavailable("rtkit is Linux only")
    if os.geteuid() != 0:
        raise Unavailable("starting a system bus, polkitd and rtkit-daemon needs root")
    tools = [shutil.which("dbus-daemon"), shutil.which("setpriv"), shutil.which("unshare")]
    if None in tools or not _first(POLKITD) or not _first(RTKIT_DAEMON):
        raise Missing(f"the rtkit test needs {PACKAGES}")
    if not os.access(INTERPRETER, os.X_OK):
        raise Missing(f"the rtkit test needs {INTERPRETER} ({PACKAGES})")
    probe = subprocess.run(["unshare", "--mount", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        raise Unavailable(f"no mount namespaces here: {probe.stderr.decode().strip()}")


def _start(name: str, argv: list[str], env: dict[str, str]) -> Daemon:
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    daemon = Daemon(name, proc)
    daemon.reader = threading.Thread(target=daemon.drain, daemon=True)
    daemon.reader.start()
    return daemon


def _wait_for_name(address: str, name: str, daemons: list[Daemon], timeout: float = 15.0) -> None:
    from jeepney import message_bus
    from jeepney.io.blocking import open_dbus_connection

    deadline = time.monotonic() + timeout
    with open_dbus_connection(bus=address) as bus:
        while not bus.send_and_get_reply(message_bus.NameHasOwner(name), timeout=5).body[0]:
            dead = [d for d in daemons if d.proc.poll() is not None]
            if dead or time.monotonic() > deadline:
                log = "\n".join(line for d in daemons for line in d.output)
                raise RuntimeError(f"{name} never appeared on the test bus:\n{log}")
            time.sleep(0.05)


@contextmanager
def realtime_kit(grant: str | None = USER) -> Iterator[RealtimeKit]:
    """Starts a system bus, polkitd (with a rule granting real-time to user `grant`, or no rule)
    and rtkit-daemon; stops them all on exit."""
    check_machine()
    with ExitStack() as stack:
        root = Path(tempfile.mkdtemp(prefix="showdesk-rtkit-"))
        stack.callback(shutil.rmtree, root, ignore_errors=True)
        root.chmod(0o755)  # the engine, as USER, connects to the socket in it
        socket_path = root / "system_bus_socket"
        (root / "bus.conf").write_text(BUS_CONFIG.format(socket=socket_path))
        rules = root / "rules.d"
        rules.mkdir()
        if grant is not None:
            (rules / "50-showdesk-test.rules").write_text(
                RULE.format(actions=json.dumps(ACTIONS), user=grant)
            )
        shutil.chown(rules, "polkitd")  # polkitd reads its rules as its own user
        rules.chmod(0o700)
        for path in rules.iterdir():
            path.chmod(0o644)
        env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin"}
        daemons: list[Daemon] = []
        stack.callback(lambda: [d.stop() for d in reversed(daemons)])
        bus = _start("dbus-daemon", ["dbus-daemon", "--nofork", "--print-address=1",
                                     f"--config-file={root / 'bus.conf'}"], env)  # fmt: skip
        daemons.append(bus)
        deadline = time.monotonic() + 10
        while not bus.output and bus.proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        address = next((line for line in bus.output if line.startswith("unix:")), "")
        if not address:
            raise RuntimeError(f"dbus-daemon gave no address: {bus.output}")
        env["DBUS_SYSTEM_BUS_ADDRESS"] = address
        mount = 'mount --bind "$0" /etc/polkit-1/rules.d && exec "$1" --no-debug'
        daemons.append(_start("polkitd", ["unshare", "--mount", "--propagation", "private",
                                          "sh", "-c", mount, str(rules), _first(POLKITD) or ""],
                              env))  # fmt: skip
        _wait_for_name(address, "org.freedesktop.PolicyKit1", daemons)
        rtkit = _start("rtkit-daemon", [_first(RTKIT_DAEMON) or "", "--stderr"], env)
        daemons.append(rtkit)
        try:
            _wait_for_name(address, "org.freedesktop.RealtimeKit1", daemons)
        except RuntimeError:
            # rtkit caps its user's processes and threads (RLIMIT_NPROC), so it cannot start
            # while another rtkit-daemon runs: the machine's own, on a desktop.
            if any("pthread_create failed" in line for line in rtkit.output):
                raise Unavailable("another rtkit-daemon is running on this machine") from None
            raise
        yield RealtimeKit(address, daemons)


@dataclass
class UserPython:
    """Debian's interpreter with a copy of the engine's packages that USER can read."""

    site: Path

    def argv(self, *args: str) -> list[str]:
        """A command line running `python ARGS` as USER (with no supplementary groups)."""
        return ["setpriv", f"--reuid={USER}", f"--regid={GROUP}", "--clear-groups", "--",
                str(INTERPRETER), "-s", *args]  # fmt: skip

    def env(self) -> dict[str, str]:
        return {"PYTHONPATH": str(self.site), "HOME": "/nonexistent", "LANG": "C.UTF-8"}


def user_python(dest: Path) -> UserPython:
    """Copies the installed `showdesk` distribution and what the engine needs to run into `dest`,
    readable by everyone."""
    from importlib import metadata

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    site = dest / "site"
    site.mkdir(parents=True)
    # Not the app's Qt, nor pip (sqlite-utils wants it for its `install` command only).
    todo, seen = ["showdesk"], {"pyside6-essentials", "shiboken6", "pip"}
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        dist = metadata.distribution(name)
        for requirement in map(Requirement, dist.requires or []):
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
        for file in dist.files or []:
            source = Path(str(dist.locate_file(file)))
            if file.parts[0] == ".." or "__editable__" in file.name or not source.is_file():
                continue
            (site / file).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, site / file)
    # An editable install (`make`'s) lists no sources, and a stale `showdesk.egg-info` in the
    # checkout lists old ones: take them from where they are imported.
    for package in ("showdesk", "cues"):
        module = sys.modules.get(package) or __import__(package)
        source = Path(str(module.__file__)).parent
        shutil.rmtree(site / package, ignore_errors=True)
        shutil.copytree(source, site / package)
    for path in [dest, *dest.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return UserPython(site)
