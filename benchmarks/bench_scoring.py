"""Benchmark: scoring 1,000 synthetic tools × 200 criteria, and rank robustness on 30 tools. Prints figures."""

from __future__ import annotations

import random
import statistics
import time

from toolassess.models.catalog import ToolProfile
from toolassess.models.criteria import CriteriaFile, CriteriaSet, Criterion, Profile
from toolassess.scoring.score import score_tools

BOOLEAN_FACTS = ["sso", "remote_wipe", "remote_revocation", "central_directory", "admin_console", "works_on_2g_edge"]
TEXT = {"en": "t", "fr": "t"}


def synthetic_criteria(count: int) -> CriteriaSet:
    rng = random.Random(1)
    criteria = []
    for i in range(count):
        a, b = rng.sample(BOOLEAN_FACTS, 2)
        criteria.append(
            Criterion.model_validate(
                {
                    "id": f"c{i}",
                    "title": TEXT,
                    "rationale": TEXT,
                    "weight": rng.randint(1, 5),
                    "origin": ["bench"],
                    "levels": [
                        {
                            "score": 100,
                            "when": {
                                "all": [
                                    {"fact": a, "op": "equals", "value": True},
                                    {"fact": b, "op": "equals", "value": True},
                                ]
                            },
                            "label": TEXT,
                        },
                        {
                            "score": 50,
                            "when": {
                                "any": [
                                    {"fact": a, "op": "equals", "value": True},
                                    {"fact": b, "op": "equals", "value": True},
                                ]
                            },
                            "label": TEXT,
                        },
                        {"score": 0, "label": TEXT},
                    ],
                }
            )
        )
    areas = [CriteriaFile(area=f"area{k}", title=TEXT, criteria=criteria[k::10]) for k in range(10)]
    return CriteriaSet(areas, {}, [])


def synthetic_tools(count: int) -> list[ToolProfile]:
    rng = random.Random(2)
    tools = []
    for i in range(count):
        facts = {}
        for name in BOOLEAN_FACTS:
            if rng.random() < 0.9:
                facts[name] = {"value": rng.random() < 0.5, "source": "bench", "checked": "2026-11-01"}
            else:
                facts[name] = {"unknown": "bench"}
        tools.append(
            ToolProfile.model_validate(
                {
                    "id": f"tool-{i}",
                    "name": "t",
                    "kind": "messenger",
                    "deployment": "d",
                    "purposes": ["communication"],
                    "facts": facts,
                }
            )
        )
    return tools


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    import numpy as np

    from toolassess.scoring.score import rank_tools

    profile = Profile(id="flat", title=TEXT, description=TEXT)
    criteria = synthetic_criteria(200)
    for count in (1000, 10_000):
        tools = synthetic_tools(count)
        times = timed(lambda tools=tools: rank_tools(tools, criteria, profile, robustness_samples=0), 3)
        ranked = rank_tools(tools, criteria, profile, robustness_samples=0)
        assert ranked.table.outcome_of.shape == (count, 200) and len(ranked.rankings[0].ranked) == count
        # the reference: a plain weighted sum of the same tools x criteria matrix (what an MCDA library does)
        scores, weights = np.nan_to_num(ranked.table.scores), ranked.table.weights
        reference = timed(lambda s=scores, w=weights: (s * w).sum(axis=1) / w.sum(axis=1), 20)
        print(
            f"scoring {count} tools x 200 criteria, ranked (no robustness): median {statistics.median(times):.3f} s "
            f"(target 1000: < 0.25 s), x{statistics.median(times) / statistics.median(reference):.0f} a numpy weighted sum"
        )
    tools = synthetic_tools(1000)
    times = timed(lambda: score_tools(tools, criteria, profile, robustness_samples=0), 3)
    result = score_tools(tools, criteria, profile, robustness_samples=0)
    built = sum(len(score.criteria) for score in result.scores)
    assert built == 1000 * 200, built  # with every criterion result built, with its evidence, for a report
    print(
        f"the same 1000 x 200 with every result object built (what a report of all of them needs): "
        f"median {statistics.median(times):.2f} s"
    )
    thirty = tools[:30]
    criteria_35 = synthetic_criteria(35)
    times = timed(lambda: score_tools(thirty, criteria_35, profile, robustness_samples=2000), 3)
    print(
        f"rank robustness, 30 tools x 35 criteria, 2000 draws + first-place flip: median {statistics.median(times):.2f} s"
    )


if __name__ == "__main__":
    main()
