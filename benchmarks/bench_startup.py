"""Command start-up, as ratios to `python -c "import typer"` measured in the same run (issue 15).

Targets: `--help` ≤ 2×, `tools list` and `validate` ≤ 3×. Each figure is the median of several runs of a fresh
process; the caches (the built-in catalogue's JSON copy, `tools list`'s lines, `validate`'s verdict on the example),
in a temporary folder, are warmed first: what every run after the first one sees. "validate, edited" validates in full a copy of the
example changed before each run (a new verdict each time; the catalogue's copy is used).

    .venv/bin/python benchmarks/bench_startup.py [runs]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "toolassess" / "examples" / "exampleville.yaml"
SCRATCH = Path(tempfile.mkdtemp(prefix="bench-startup-"))
EDITED = SCRATCH / "edited.yaml"
ENV = {**os.environ, "TOOLASSESS_CACHE_DIR": str(SCRATCH / "cache")}
COMMANDS = {
    "import typer": [sys.executable, "-c", "import typer"],
    "--help": [sys.executable, "-m", "toolassess", "--help"],
    "tools list": [sys.executable, "-m", "toolassess", "tools", "list"],
    "tools show whatsapp": [sys.executable, "-m", "toolassess", "tools", "show", "whatsapp"],
    "validate example": [sys.executable, "-m", "toolassess", "validate", str(EXAMPLE)],
    "validate, edited": [sys.executable, "-m", "toolassess", "validate", str(EDITED)],
}
TARGETS = {"--help": 2.0, "tools list": 3.0, "validate example": 3.0}


def seconds(command: list[str]) -> float:
    if str(EDITED) in command:  # a byte that differs at every run: never a kept verdict
        EDITED.write_text(f"{EXAMPLE.read_text(encoding='utf-8')}# {time.time_ns()}\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for name in ("tools list", "validate example"):  # warm the caches and the OS file cache
        seconds(COMMANDS[name])
    medians = {name: statistics.median(seconds(command) for _ in range(runs)) for name, command in COMMANDS.items()}
    reference = medians["import typer"]
    print(f"start-up, median of {runs} fresh processes (reference: import typer = {reference * 1000:.0f} ms)")
    for name, value in medians.items():
        ratio = value / reference
        target = TARGETS.get(name)
        verdict = "" if target is None else f"  target ≤ {target:g}×: {'met' if ratio <= target else 'MISSED'}"
        print(f"  {name:<20} {value * 1000:6.0f} ms  {ratio:5.1f}×{verdict}")
    shutil.rmtree(SCRATCH)


if __name__ == "__main__":
    main()
