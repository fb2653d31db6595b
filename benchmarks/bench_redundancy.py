"""Benchmark: a plan of 100 channels over 2,000 components — minimal cut sets up to order 2 and 3. Prints figures."""

from __future__ import annotations

import random
import statistics
import time

from toolassess.models.catalog import Catalog, Component, ToolProfile
from toolassess.models.plan import Plan
from toolassess.redundancy import FaultTree, minimal_cut_sets

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


if __name__ == "__main__":
    main()
