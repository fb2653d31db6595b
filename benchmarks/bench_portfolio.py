"""Benchmark: portfolios of generated plans, JSON only — plans per second, and peak memory of parent and workers.

Runs the real command (`toolassess assess DIR --format json`) in a subprocess, as a user would.

    python benchmarks/bench_portfolio.py            # 500 plans: all cores vs one core
    python benchmarks/bench_portfolio.py --national # 35,000 plans (every French commune), all cores

The plans: a commune does not invent its own setup. They are drawn from a few hundred distinct setups (which tools
for which purpose, primary or backup), Zipf-distributed — a handful of setups (SMS + WhatsApp + sirens…) are very
common, most are rare — with each plan's own name, test dates (60 % of channels tested in 2026) and, for one plan
in twenty, an accepted risk. 400 setups for 35,000 plans: each setup is shared by ~90 plans on average.
"""

from __future__ import annotations

import argparse
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
POOLS = (("communication", COMMUNICATION), ("notification", NOTIFICATION), ("public-information", PUBLIC))


def setups(count: int, rng: random.Random) -> list[list[tuple[str, str, str]]]:
    """Distinct setups: per purpose a primary and a backup tool."""
    found: dict[tuple[tuple[str, str, str], ...], None] = {}
    while len(found) < count:
        channels = []
        for purpose, pool in POOLS:
            primary, backup = rng.sample(pool, 2)
            channels += [(primary, purpose, "primary"), (backup, purpose, "backup")]
        found[tuple(channels)] = None
    return [list(s) for s in found]


def generate(folder: Path, count: int, distinct: int = 400) -> None:
    rng = random.Random(35000)
    pool = setups(distinct, rng)
    weights = [1 / (rank + 1) ** 1.1 for rank in range(len(pool))]  # Zipf: the first setups are the common ones
    for i in range(count):
        setup = rng.choices(pool, weights)[0]
        lines = []
        for tool, purpose, role in setup:
            tested = f", last_tested: 2026-{rng.randint(1, 11):02d}-15" if rng.random() < 0.6 else ""
            lines.append(f"  - {{tool: {tool}, purpose: [{purpose}], role: {role}{tested}}}")
        risks = ""
        if rng.random() < 0.05:
            risks = (
                "accepted_risks:\n  - {finding: untested-channel, reason: exercised with the prefecture,"
                " accepted_by: the mayor, until: 2027-06-30}\n"
            )
        (folder / f"plan-{i:05d}.yaml").write_text(
            f"name: Commune {i}\nlang: fr\ncountry: FR\nchannels:\n" + "\n".join(lines) + "\n" + risks
        )


def run(folder: Path, out: Path, workers: int) -> tuple[float, int]:
    """Wall time, and the peak resident memory (KiB) of the largest process of the run."""
    command = [sys.executable, "-m", "toolassess", "assess", str(folder), "--format", "json", "--out", str(out)]
    command += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - started
    return elapsed, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--national", action="store_true", help="35,000 plans (every French commune), all cores")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        plans, out = Path(tmp) / "plans", Path(tmp) / "out"
        plans.mkdir()
        count = 35_000 if args.national else 500
        generate(plans, count)
        elapsed, memory = run(plans, out, cores)
        written = sum(1 for _ in out.glob("plan-*.json"))
        assert written == count, f"{written} reports for {count} plans"
        print(
            f"{count} plans, JSON only, {cores} cores: {elapsed:.1f} s, {count / elapsed:.0f} plans/s "
            f"(target for 35,000: < 300 s); peak memory of the largest process {memory / 1024:.0f} MiB"
        )
        if not args.national:
            one_core, _ = run(plans, out, 1)
            print(f"same on 1 core: {one_core:.1f} s — speed-up x{one_core / elapsed:.2f} with {cores} cores")


if __name__ == "__main__":
    main()
