"""Every finding producer in one registry, with one signature: (FindingContext) → findings.

A producer reads the context (the plan, its inputs and what the analyses computed) and says what is wrong; the
registry runs them in the order a reader meets them, applies the plan's accepted risks once, and sorts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from toolassess.findings import facts, gates, redundancy
from toolassess.findings.acceptance import mark_accepted
from toolassess.models.assessment import ScenarioOutcome, ScoreResult
from toolassess.models.catalog import Catalog, Purpose
from toolassess.models.criteria import CriteriaSet
from toolassess.models.findings import SEVERITY_ORDER, Finding
from toolassess.models.plan import Plan
from toolassess.redundancy.faulttree import Family, FaultTree
from toolassess.reuse import Reuse


@dataclass(frozen=True)
class FindingContext:
    """What the producers read: the plan and its inputs, and what the analyses computed from them."""

    plan: Plan
    catalog: Catalog
    as_of: date
    lang: str
    tree: FaultTree
    cut_sets: dict[Purpose, Family]
    outcomes: list[ScenarioOutcome]
    criteria: CriteriaSet | None = None  # None with scores: a redundancy-only analysis
    scores: ScoreResult | None = None
    stale_after_days: int = 365
    reuse: Reuse | None = None  # what other plans of the run share with this one (a portfolio)
    plan_tools: list[str] = field(init=False)
    shape: str = ""  # the plan's structure key when work is reused (see Plan.structure_key), computed once

    def __post_init__(self) -> None:
        # the channels' tools, then the candidates: the tools whose facts the assessment relies on
        tools = [*(c.tool for c in self.plan.channels), *self.plan.candidate_tools()]
        object.__setattr__(self, "plan_tools", list(dict.fromkeys(tools)))


Producer = Callable[[FindingContext], list[Finding]]

STRUCTURE: tuple[Producer, ...] = (
    redundancy.false_redundancies,
    redundancy.single_points_of_failure,
    redundancy.uncovered_purposes,
    redundancy.miscast_channels,
    redundancy.surge_risks,
    redundancy.registration_dependencies,
    redundancy.untested_channels,
    redundancy.unreachable_partners,
    redundancy.unavailable_services,
)
"""Findings on the plan's structure (what `toolassess redundancy` reports)."""

PRODUCERS: tuple[Producer, ...] = (
    *STRUCTURE,
    gates.gate_findings,
    facts.fact_findings,
    facts.as_of_findings,
    facts.device_findings,
)
"""Every producer of an assessment, in the order a reader meets their findings within a severity."""


def _candidates_key(ctx: FindingContext) -> tuple[object, ...]:
    risks = tuple(r.model_dump_json() for r in ctx.plan.accepted_risks)
    return (tuple(ctx.plan.candidate_tools()), ctx.plan.profile, risks)


REUSABLE: dict[Producer, Callable[[FindingContext], tuple[object, ...]]] = {
    **{
        produce: lambda ctx: (ctx.shape,)
        for produce in STRUCTURE
        if produce is not redundancy.untested_channels  # reads when each channel was last tested
    },
    facts.device_findings: lambda ctx: (ctx.shape,),
    facts.fact_findings: lambda ctx: tuple(ctx.plan_tools),
    facts.as_of_findings: lambda ctx: tuple(ctx.plan_tools),
    gates.gate_findings: _candidates_key,
}
"""What each reusable producer's findings depend on besides the run's shared inputs and the language."""


def collect_findings(ctx: FindingContext, producers: Iterable[Producer] = PRODUCERS) -> list[Finding]:
    """Run the producers; accepted risks marked (once, here); unaccepted first, then by severity (stable).

    With `ctx.reuse`, a producer's findings are computed once for every plan sharing what it reads (REUSABLE).
    """
    found = []
    for produce in producers:
        key = REUSABLE.get(produce)
        if ctx.reuse is None or key is None:
            found += produce(ctx)
        else:
            reuse_key = ("findings", produce.__module__, produce.__name__, ctx.lang, ctx.tree.max_order, *key(ctx))
            found += ctx.reuse.get(reuse_key, functools.partial(produce, ctx))
    marked = mark_accepted(found, ctx.plan.accepted_risks, ctx.as_of)
    return sorted(marked, key=lambda f: (f.accepted, SEVERITY_ORDER[f.severity]))
