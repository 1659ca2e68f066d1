"""How fast `showdesk run` loads a big show, and how much memory the engine takes. Prints figures.

    .venv/bin/python bench/load.py [--cues 5000] [--runs 5]

The show has N cues of the kinds a real show is made of: OSC cues to three destinations (a
lighting desk, a mixer, a show computer), fades, MIDI and MSC, memos and waits, and a group every
50 cues. For each run it starts the engine (rehearsal), and reports the engine's own load time
(`ready.load_ms`: open, compile, encode), the time from process start to the `ready` line, and the
engine's peak resident memory (VmHWM from /proc) after a GO has run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cues import Cue, cue_type
from cues.base import ContinueMode
from showdesk.showfile import ShowFile

KINDS = [
    ("osc", "LX", "/eos/cue/1/{n}/fire"),
    ("osc", "SND", "/ch/{ch:02d}/mix/fader f 0.75"),
    ("fade", "SND", "/ch/{ch:02d}/mix/fader f 0 -> 0.8"),
    ("osc", "QLAB", "/cue/{n}/start"),
    ("msc", "MIDI", "GO cue={n} list=1 device=1 format=lighting"),
    ("midi", "MIDI", "note_on channel=1 note=60 velocity=100"),
    ("memo", "", ""),
    ("wait", "", ""),
]


def big_show(path: Path, count: int) -> None:
    with ShowFile.create(path, name=f"{count} cues") as show:
        show.set_destination("LX", "osc.udp://127.0.0.1:3032")
        show.set_destination("SND", "osc.udp://127.0.0.1:10023")
        show.set_destination("QLAB", "osc.udp://127.0.0.1:53000")
        show.set_destination("MIDI", "midi:showdesk bench")
        batch: list[Cue] = []
        group: Cue | None = None
        for n in range(1, count + 1):
            if n % 50 == 1:
                group = Cue(cue_type("group"), cue_type("group").parse("timeline"),
                            number=f"G{n}", name=f"Scene {n // 50 + 1}")  # fmt: skip
                batch.append(group)
                continue
            type_name, target, text = KINDS[n % len(KINDS)]
            ctype = cue_type(type_name)
            payload = ctype.parse(text.format(n=n, ch=n % 32 + 1))
            duration = 2.0 if type_name in ("fade", "wait") else 0.0
            batch.append(
                Cue(
                    ctype,
                    payload,
                    number=str(n),
                    name=f"Cue {n}",
                    target=target,
                    duration=duration,
                    pre_wait=0.0 if n % 7 else 0.5,
                    parent=group.id if group is not None and 1 < n % 50 <= 11 else None,
                    continue_mode=ContinueMode.AUTO_CONTINUE if n % 5 == 0 else ContinueMode.NONE,
                )
            )
        show.add_cues(batch)


def vm(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run(path: Path) -> tuple[float, float, float, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "showdesk", "run", str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None
    assert proc.stdout is not None
    ready = json.loads(proc.stdout.readline())
    to_ready = (time.perf_counter() - started) * 1000
    proc.stdin.write("go\nstatus\n")
    proc.stdin.flush()
    for line in proc.stdout:
        if json.loads(line)["event"] == "status":
            break
    rss, peak = vm(proc.pid, "VmRSS"), vm(proc.pid, "VmHWM")
    proc.stdin.write("quit\n")
    proc.stdin.close()
    proc.stdout.read()
    proc.wait()
    return float(ready["load_ms"]), to_ready, rss, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cues", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.showdesk"
        made = time.perf_counter()
        big_show(path, args.cues)
        print(f"showdesk load bench: {args.cues} cues, file {path.stat().st_size / 1e6:.1f} MB "
              f"(built in {time.perf_counter() - made:.1f} s)")  # fmt: skip
        runs = [one_run(path) for _ in range(args.runs)]
    for name, index, unit in [("engine load (ready.load_ms)", 0, "ms"),
                              ("process start to ready", 1, "ms"),
                              ("engine resident memory", 2, "MB"),
                              ("engine peak memory (VmHWM)", 3, "MB")]:  # fmt: skip
        values = [run[index] for run in runs]
        print(f"{name:<28} median {statistics.median(values):7.1f} {unit}   "
              f"max {max(values):7.1f} {unit}   (n={len(values)})")  # fmt: skip


if __name__ == "__main__":
    main()
