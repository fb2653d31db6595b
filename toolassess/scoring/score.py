"""Pure scoring: tools × criteria → per-purpose rankings with explanations, evidence, gates and rank robustness.

Three outcomes are never confused (docs/scoring.md): a criterion is met at a level, unknown (the catalogue does not
know: the score is taken over the known criteria and reports its coverage and range), or not applicable (it leaves
the tool's score). A gate on an unknown fact is "to verify"; a gate that does not apply leaves the tool outside what
the profile governs. Tools are ranked among those serving the same purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from toolassess.models.assessment import (
    CriterionScore,
    CriterionVerdict,
    Eligibility,
    GateCheck,
    GateOutcome,
    PurposeScore,
    Ranking,
    RankRobustness,
    ScoreResult,
    ToolScore,
)
from toolassess.models.base import Lang
from toolassess.models.catalog import Purpose, ToolProfile
from toolassess.models.criteria import CriteriaSet, Gate, Profile
from toolassess.models.plan import AcceptedRisk
from toolassess.scoring.bulk import collector_paused
from toolassess.scoring.criteria import CompiledCriterion, compile_criteria
from toolassess.scoring.freshness import DEFAULT_STALE_AFTER_DAYS
from toolassess.scoring.robustness import acceptability, first_place_flip, rank_order
from toolassess.scoring.table import ScoreTable, build_table


def score_tool(
    tool: ToolProfile,
    compiled: Sequence[CompiledCriterion],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk] = (),
) -> list[CriterionScore]:
    """Every criterion for one tool: the first level whose rule holds; unknown or not applicable otherwise."""
    return build_table([tool], compiled, lang, as_of, stale_after_days, accepted_risks).criterion_scores(0)


def score_tools(
    tools: Sequence[ToolProfile],
    criteria: CriteriaSet,
    profile: Profile,
    lang: Lang = "en",
    as_of: date | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    accepted_risks: Sequence[AcceptedRisk] = (),
    robustness_samples: int = 2000,
    robustness_spread: float = 0.25,
    seed: int = 20261124,
    purposes: Sequence[Purpose] | None = None,
) -> ScoreResult:
    """Score tools under a profile and rank them per purpose (default: every purpose they serve).

    With each tool's result on every criterion and the evidence behind it.
    """
    ranked = rank_tools(
        tools,
        criteria,
        profile,
        lang,
        as_of,
        stale_after_days,
        accepted_risks,
        robustness_samples,
        robustness_spread,
        seed,
        purposes,
    )
    with collector_paused():
        scores = [
            entry.model_copy(update={"criteria": ranked.table.criterion_scores(index)})
            for index, entry in ranked.entries()
        ]
    return ScoreResult(profile=profile.id, lang=lang, areas=ranked.areas, scores=scores, rankings=ranked.rankings)


class RankedTools:
    """Rankings per purpose and each tool's entry in them, over the score table they come from."""

    def __init__(self, table: ScoreTable, areas: list[str]) -> None:
        self.table, self.areas = table, areas
        self.rankings: list[Ranking] = []
        self.by_purpose: list[dict[str, PurposeScore]] = [{} for _ in table.tools]

    def entries(self) -> list[tuple[int, ToolScore]]:
        """(row, the tool's score without its criterion results) for each tool serving a ranked purpose."""
        table = self.table
        unknowns = table.is_verdict(CriterionVerdict.UNKNOWN).sum(axis=1)
        not_applicable = table.is_verdict(CriterionVerdict.NOT_APPLICABLE).sum(axis=1)
        categories, coverage = _area_scores(table)
        return [
            (
                row,
                ToolScore(
                    tool=tool.id,
                    kind=tool.kind,
                    categories=categories[row],
                    area_coverage=coverage[row],
                    unknowns=int(unknowns[row]),
                    not_applicable=int(not_applicable[row]),
                    purposes=[self.by_purpose[row][p.value] for p in Purpose if p.value in self.by_purpose[row]],
                    criteria=[],
                ),
            )
            for row, tool in enumerate(table.tools)
            if self.by_purpose[row]
        ]


def rank_tools(
    tools: Sequence[ToolProfile],
    criteria: CriteriaSet,
    profile: Profile,
    lang: Lang = "en",
    as_of: date | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    accepted_risks: Sequence[AcceptedRisk] = (),
    robustness_samples: int = 2000,
    robustness_spread: float = 0.25,
    seed: int = 20261124,
    only: Sequence[Purpose] | None = None,
) -> RankedTools:
    """Score every tool on every criterion (as arrays) and rank the tools serving each purpose.

    Builds no per-criterion result objects: `score_tools` adds them for the tools a report shows.
    """
    as_of = as_of or date.today()
    compiled = compile_criteria(criteria, profile)
    table = build_table(tools, compiled, lang, as_of, stale_after_days, accepted_risks)
    position = {entry.criterion.id: index for index, entry in enumerate(compiled)}
    ranked = RankedTools(table, list(dict.fromkeys(entry.area for entry in compiled)))
    served = {p for tool in tools for p in tool.purposes}
    for purpose in [p for p in Purpose if p in served and (only is None or p in only)]:
        counted = [i for i, e in enumerate(compiled) if e.purposes is None or purpose.value in e.purposes]
        gates = [
            (gate, position[gate.criterion])
            for gate in profile.gates
            if gate.criterion in position and (gate.purposes is None or purpose in gate.purposes)
        ]
        members = [row for row, tool in enumerate(tools) if purpose in tool.purposes]
        governed_kinds = profile.governs.get(purpose)
        exact = {}
        for row, (score, entry) in zip(members, _purpose_scores(table, members, counted, purpose.value), strict=True):
            kind = tools[row].kind
            in_scope = governed_kinds is None or kind in governed_kinds
            # outside what the profile governs for this purpose, its gates say nothing (SMS for a cell's
            # communication under a doctrine on messengers: neither excluded nor passed — not judged)
            checks = (
                [_gate_check(table, row, gate, c) for gate, c in gates if gate.kinds is None or kind in gate.kinds]
                if in_scope
                else []
            )
            ranked.by_purpose[row][purpose.value] = entry.model_copy(
                update={"status": _eligibility(checks, in_scope), "gates": checks}
            )
            exact[row] = score
        ranked.rankings.append(
            _rank_purpose(ranked, purpose.value, members, exact, counted, robustness_samples, robustness_spread, seed)
        )
    return ranked


def _area_scores(table: ScoreTable) -> tuple[list[dict[str, float | None]], list[dict[str, float]]]:
    """Per tool, each area's score over its known criteria, and the share of the area's weight that is known.

    A score is None when no criterion of the area is known, and the area absent when none applies. Sums run
    criterion by criterion, as a reader would add them, so the figures do not depend on array order.
    """
    known = ~np.isnan(table.scores)
    weighted = np.where(known, table.weights * np.nan_to_num(table.scores), 0.0)
    known_weight = np.where(known, table.weights, 0.0)
    applies = ~table.is_verdict(CriterionVerdict.NOT_APPLICABLE)
    by_area: dict[str, list[int]] = {}
    for c, entry in enumerate(table.compiled):
        by_area.setdefault(entry.area, []).append(c)
    count = len(table.tools)
    sums = {}
    for area, columns in by_area.items():
        num, den, applicable = np.zeros(count), np.zeros(count), np.zeros(count)
        for c in columns:
            num += weighted[:, c]
            den += known_weight[:, c]
            applicable += table.weights[:, c]  # 0 where the criterion does not apply
        first_applicable = np.where(applies[:, columns].any(axis=1), applies[:, columns].argmax(axis=1), -1)
        sums[area] = (num, den, applicable, [columns[i] if i >= 0 else -1 for i in first_applicable])
    categories: list[dict[str, float | None]] = []
    coverage: list[dict[str, float]] = []
    for row in range(count):
        present = [area for _first, area in sorted((sums[a][3][row], a) for a in by_area if sums[a][3][row] >= 0)]
        categories.append(
            {
                area: round(float(sums[area][0][row] / sums[area][1][row]), 1) if sums[area][1][row] else None
                for area in present
            }
        )
        coverage.append(
            {
                area: round(float(sums[area][1][row] / sums[area][2][row]), 3) if sums[area][2][row] else 0.0
                for area in present
            }
        )
    return categories, coverage


def _purpose_scores(
    table: ScoreTable, members: Sequence[int], counted: Sequence[int], purpose: str
) -> list[tuple[float | None, PurposeScore]]:
    """Each member's exact score over the criteria counted for the purpose, and its entry: score, range, coverage."""
    rows = np.asarray(members, dtype=np.intp)
    scores, weights = table.scores[rows], table.weights[rows]
    unknown = table.is_verdict(CriterionVerdict.UNKNOWN)[rows]
    known_num, known_den, unknown_den = np.zeros(len(rows)), np.zeros(len(rows)), np.zeros(len(rows))
    for c in counted:  # criterion by criterion, as a reader adds them
        known = ~np.isnan(scores[:, c])
        known_num += np.where(known, weights[:, c] * np.nan_to_num(scores[:, c]), 0.0)
        known_den += np.where(known, weights[:, c], 0.0)
        unknown_den += np.where(unknown[:, c], weights[:, c], 0.0)
    entries = []
    for num, den, unknown_weight in zip(known_num.tolist(), known_den.tolist(), unknown_den.tolist(), strict=True):
        applicable = den + unknown_weight
        entries.append(
            (
                num / den if den else None,
                PurposeScore(
                    purpose=purpose,
                    rank=None,
                    status=Eligibility.ELIGIBLE,
                    score=round(num / den, 1) if den else None,
                    score_min=round(num / applicable, 1) if applicable else 0.0,
                    score_max=round((num + 100 * unknown_weight) / applicable, 1) if applicable else 100.0,
                    coverage=round(den / applicable, 3) if applicable else 0.0,
                    gates=[],
                ),
            )
        )
    return entries


def _eligibility(checks: Sequence[GateCheck], in_scope: bool) -> Eligibility:
    """A tool's status for a purpose, from its gates.

    A tool of a kind the profile does not rank for this purpose is outside its scope; otherwise a failed exclusion
    gate excludes even when another gate cannot judge the tool; an exclusion gate that cannot judge it puts it
    outside what the profile governs; a warning gate that cannot judge it only says so.
    """
    outcomes = {(c.outcome, c.action) for c in checks}
    if not in_scope:
        return Eligibility.OUTSIDE_SCOPE
    if (GateOutcome.FAILED, "exclude") in outcomes:
        return Eligibility.EXCLUDED
    if (GateOutcome.OUTSIDE_SCOPE, "exclude") in outcomes:
        return Eligibility.OUTSIDE_SCOPE
    if (GateOutcome.TO_VERIFY, "exclude") in outcomes:
        return Eligibility.TO_VERIFY
    return Eligibility.ELIGIBLE


def _gate_check(table: ScoreTable, row: int, gate: Gate, column: int) -> GateCheck:
    """What one gate says of one tool: outside scope, to verify (with what to ask), passed, accepted or failed."""
    score, verdict, _explanation, ask, possible = table.outcomes[table.outcome_of[row, column]]
    accepted = bool(table.accepted[row, column])
    # An unknown criterion still decides the gate when every score it can reach is on the same side of it.
    reachable = [score] if score is not None else list(possible)
    if verdict is CriterionVerdict.NOT_APPLICABLE:
        outcome = GateOutcome.OUTSIDE_SCOPE
    elif reachable and min(reachable) >= gate.min_score:
        outcome = GateOutcome.PASSED
    elif reachable and max(reachable) < gate.min_score:
        outcome = GateOutcome.ACCEPTED if accepted else GateOutcome.FAILED
    else:
        outcome = GateOutcome.ACCEPTED if accepted else GateOutcome.TO_VERIFY
    return GateCheck(
        criterion=gate.criterion,
        action=gate.action,
        min_score=gate.min_score,
        outcome=outcome,
        ask=list(ask) if outcome is GateOutcome.TO_VERIFY else [],
    )


_TIER = {Eligibility.ELIGIBLE: 0, Eligibility.TO_VERIFY: 1, Eligibility.EXCLUDED: 2}


def _rank_purpose(
    ranked: RankedTools,
    purpose: str,
    members: Sequence[int],
    exact: dict[int, float | None],
    counted: Sequence[int],
    samples: int,
    spread: float,
    seed: int,
) -> Ranking:
    """Rank the governed tools of one purpose and measure how robust that order is to the weights.

    Eligible tools first, then those to verify, then the excluded ones; by score within each tier.
    """
    table = ranked.table
    entries = ranked.by_purpose
    governed = [row for row in members if entries[row][purpose].status is not Eligibility.OUTSIDE_SCOPE]
    outside = [table.tools[row].id for row in members if entries[row][purpose].status is Eligibility.OUTSIDE_SCOPE]
    tiers = [_TIER[entries[row][purpose].status] for row in governed]
    names = [table.tools[row].id for row in governed]
    order = rank_order([exact[row] for row in governed], tiers, names)
    keeps: list[float | None] = [None] * len(governed)
    firsts: list[float | None] = [None] * len(governed)
    robustness = None
    if len(governed) >= 2 and samples > 0:
        rows, columns = np.asarray(governed, dtype=np.intp), np.asarray(counted, dtype=np.intp)
        scores = table.scores[np.ix_(rows, columns)]
        weights = np.where(np.isnan(scores), 0.0, table.weights[np.ix_(rows, columns)])
        values = np.nan_to_num(scores)
        keeps_f, firsts_f = acceptability(weights, values, tiers, names, order, samples, spread, seed)
        keeps, firsts = list(keeps_f), list(firsts_f)
        flip = first_place_flip(weights, values, tiers, names, order, [table.compiled[i] for i in counted])
        robustness = RankRobustness(samples=samples, spread=spread, seed=seed, first_place_flip=flip)
    for rank, index in enumerate(order, start=1):
        row = governed[index]
        entries[row][purpose] = entries[row][purpose].model_copy(
            update={"rank": rank, "keeps_rank": keeps[index], "ranks_first": firsts[index]}
        )
    return Ranking(
        purpose=purpose,
        areas=list(dict.fromkeys(table.compiled[i].area for i in counted)),
        ranked=[names[i] for i in order],
        outside_scope=outside,
        robustness=robustness,
    )
