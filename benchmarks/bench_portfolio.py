"""Benchmark: a portfolio of 500 generated plans, JSON only — time with all cores vs one, and memory.

Runs the real command (`toolassess assess DIR --format json`) in a subprocess; prints wall time and the
peak resident memory of the largest process (parent or worker).
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMUNICATION = [
    "whatsapp",
    "signal",
    "teams",
    "tchap",
    "olvid",
    "telegram",
    "slack",
    "mattermost",
    "element",
    "threema",
]
NOTIFICATION = ["sms", "mass-alerting", "pager", "mobile-voice", "landline"]
PUBLIC = ["facebook-page", "x-twitter", "cell-broadcast", "sirens", "email"]


def generate(folder: Path, count: int) -> None:
    rng = random.Random(500)
    for i in range(count):
        channels = []
        for purpose, pool in (
            ("communication", COMMUNICATION),
            ("notification", NOTIFICATION),
            ("public-information", PUBLIC),
        ):
            for role, tool in zip(("primary", "backup"), rng.sample(pool, 2), strict=True):
                tested = f", last_tested: 2026-{rng.randint(1, 11):02d}-15" if rng.random() < 0.6 else ""
                channels.append(f"  - {{tool: {tool}, purpose: [{purpose}], role: {role}{tested}}}")
        (folder / f"plan-{i:03d}.yaml").write_text(
            f"name: Commune {i}\nlang: fr\nchannels:\n" + "\n".join(channels) + "\n"
        )


def run(folder: Path, out: Path, workers: int) -> tuple[float, int]:
    command = [
        sys.executable,
        "-m",
        "toolassess",
        "assess",
        str(folder),
        "--format",
        "json",
        "--out",
        str(out),
        "--workers",
        str(workers),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        plans, out = Path(tmp) / "plans", Path(tmp) / "out"
        plans.mkdir()
        generate(plans, 500)
        cores = os.cpu_count() or 1
        all_cores, memory = run(plans, out, cores)
        one_core, memory_one = run(plans, out, 1)
        print(
            f"500 plans, JSON only: {all_cores:.1f} s on {cores} cores, {one_core:.1f} s on 1 core (target < 60 s); speed-up x{one_core / all_cores:.2f}"
        )
        print(f"peak resident memory of the largest process: {max(memory, memory_one) / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
