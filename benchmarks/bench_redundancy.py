"""Benchmark: a plan of 100 channels over 2,000 components — minimal cut sets up to order 2 and 3, and the whole
redundancy analysis (cut sets and findings) as a ratio to SCRAM on the same model when `scram` is installed
(issue 14: target ≤ 3×). Prints figures.

    .venv/bin/python benchmarks/bench_redundancy.py [--large]   # --large: 50,000 channels (minutes)
"""

from __future__ import annotations

import random
import shutil
import statistics
import sys
import time
from datetime import date

from toolassess.assess import analyse_redundancy
from toolassess.models.catalog import Catalog, Component, ToolProfile
from toolassess.models.plan import Plan
from toolassess.redundancy.faulttree import FaultTree, minimal_cut_sets
from toolassess.redundancy.openpsa import fault_tree_xml, scram_cut_sets

PURPOSES = ["communication", "notification", "public-information"]


def synthetic_catalog(components: int, tools: int, seed: int = 3) -> Catalog:
    """Shaped like the real catalogue, scaled up: infrastructure at the bottom (power, networks, internet
    access = backbone AND (mobile OR fixed)), then clouds/CDNs/push/identity (10 %), then vendor platforms
    (the rest), some multi-cloud (any of two clouds). Tools: platform AND an access network AND a push service.
    """
    rng = random.Random(seed)
    items: dict[str, Component] = {}

    def add(name: str, kind: str, dependency: object) -> None:
        items[name] = Component.model_validate({"id": name, "name": name, "kind": kind, "depends_on": dependency})

    infrastructure = ["power", "backbone", "mobile", "fixed", "push-a", "push-b"]
    add("power", "power", None)
    add("backbone", "internet", "power")
    add("mobile", "mobile-network", "power")
    add("fixed", "fixed-network", "power")
    add("push-a", "push-service", None)
    add("push-b", "push-service", None)
    for region in range(10):
        add(f"access-{region}", "internet", {"all": ["backbone", {"any": ["mobile", "fixed"]}]})
        infrastructure.append(f"access-{region}")
    middle_count = components // 10
    middle = [f"cloud-{i}" for i in range(middle_count)]
    for name in middle:
        add(name, "cloud", {"all": rng.sample(infrastructure[:4], k=rng.randint(1, 2))})
    platforms = [f"platform-{i}" for i in range(components - len(items))]
    for name in platforms:
        clouds = rng.sample(middle, k=2)
        dependency = {"any": clouds} if rng.random() < 0.2 else {"all": clouds[: rng.randint(1, 2)]}
        add(name, "vendor-platform", dependency)
    tool_profiles = {}
    for j in range(tools):
        tool_profiles[f"t{j}"] = ToolProfile.model_validate(
            {
                "id": f"t{j}",
                "name": "t",
                "kind": "messenger",
                "deployment": "d",
                "purposes": PURPOSES,
                "depends_on": {
                    "all": [rng.choice(platforms), f"access-{rng.randrange(10)}", rng.choice(["push-a", "push-b"])]
                },
            }
        )
    return Catalog(version="bench", tools=tool_profiles, components=items)


def main() -> None:
    catalog = synthetic_catalog(2000, 100)
    plan = Plan.model_validate(
        {"name": "bench", "channels": [{"tool": t, "purpose": [PURPOSES[i % 3]]} for i, t in enumerate(catalog.tools)]}
    )
    for order in (2, 3):
        times, sizes = [], {}
        for _ in range(3):
            started = time.perf_counter()
            cut_sets = minimal_cut_sets(plan, FaultTree(catalog, order))
            times.append(time.perf_counter() - started)
            sizes = {p.value: len(f) for p, f in cut_sets.items()}
        target = " (target < 1 s)" if order == 2 else ""
        print(
            f"cut sets up to order {order}, 100 channels / 2000 components: median {statistics.median(times):.2f} s{target}; cut sets per purpose {sizes}"
        )
    if shutil.which("scram") is None:
        print("scram not installed (Debian package scram): no ratio to SCRAM")
        return
    scram_ratio(catalog, plan, "bdd", target=3)
    if "--large" in sys.argv:
        big = synthetic_catalog(2500, 50_000)
        channels = [{"tool": t, "purpose": [PURPOSES[i % 3]]} for i, t in enumerate(big.tools)]
        scram_ratio(big, Plan.model_validate({"name": "bench", "channels": channels}), "zbdd", target=10, runs=1)


def scram_ratio(catalog: Catalog, plan: Plan, algorithm: str, target: float, runs: int = 3) -> None:
    """The whole redundancy analysis (cut sets to order 3 and grouped findings) against SCRAM's cut sets of the
    same model, exported to Open-PSA MEF; SCRAM's time includes its process start, as a user would run it."""
    order = 3
    documents = {p: fault_tree_xml(plan, catalog, p) for p in minimal_cut_sets(plan, FaultTree(catalog, order))}
    ours, theirs = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = analyse_redundancy(plan, catalog, [], date(2026, 12, 1), max_order=order)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        scram = {p: scram_cut_sets(document, order, algorithm) for p, document in documents.items()}
        theirs.append(time.perf_counter() - started)
    agree = all({frozenset(s) for s in result.cut_sets[p.value]} == scram[p] for p in documents)
    ratio = statistics.median(ours) / statistics.median(theirs)
    print(
        f"{len(plan.channels)} channels / {len(catalog.components)} components, analysis end to end (cut sets order "
        f"{order} + {len(result.findings)} findings): {statistics.median(ours):.2f} s; SCRAM --{algorithm} on the same "
        f"model: {statistics.median(theirs):.2f} s; ratio {ratio:.1f}× (target ≤ {target:g}×); same cut sets: {agree}"
    )


if __name__ == "__main__":
    main()
