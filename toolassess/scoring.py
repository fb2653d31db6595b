"""Pure scoring: tools × criteria → ranked scores with explanations, evidence, gates and rank robustness."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any, Literal

from toolassess.bulk import collector_paused
from toolassess.freshness import DEFAULT_STALE_AFTER_DAYS, fact_status
from toolassess.i18n import gettext_for
from toolassess.loading import CriteriaSet
from toolassess.models.assessment import (
    CriterionScore,
    CriterionVerdict,
    EvidenceItem,
    FirstPlaceFlip,
    RankRobustness,
    ScoreResult,
    ToolScore,
)
from toolassess.models.catalog import ToolProfile
from toolassess.models.criteria import AllRule, Criterion, FactTest, NotRule, Profile, Rule
from toolassess.models.facts import ToolFacts
from toolassess.models.plan import AcceptedRisk
from toolassess.rules import OPERATORS, Truth

Lang = Literal["fr", "en"]
CompiledRule = Callable[["FactView"], Truth]


def rule_facts(rule: Rule) -> list[str]:
    """The facts a rule reads, in order of appearance."""
    if isinstance(rule, FactTest):
        return [rule.fact]
    if isinstance(rule, NotRule):
        return rule_facts(rule.not_)
    branches = rule.all if isinstance(rule, AllRule) else rule.any
    return [name for branch in branches for name in rule_facts(branch)]


def facts_read(criterion: Criterion) -> list[str]:
    """Every fact a criterion's levels read, once each."""
    names = [name for level in criterion.levels if level.when is not None for name in rule_facts(level.when)]
    return list(dict.fromkeys(names))


class FactView:
    """One tool's fact values, with each distinct fact test evaluated once (criteria share tests)."""

    __slots__ = ("facts", "tests")

    def __init__(self, facts: ToolFacts) -> None:
        self.facts = facts
        self.tests: dict[tuple[str, str, object], Truth] = {}


def _operand_key(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def compile_rule(rule: Rule) -> CompiledRule:
    """A rule as a closure over the operator registry (evaluated many times, compiled once; never eval)."""
    if isinstance(rule, FactTest):
        name, operator, operand = rule.fact, OPERATORS[rule.op], rule.value
        key = (name, rule.op, _operand_key(operand))

        def test(view: FactView) -> Truth:
            cached = view.tests.get(key)
            if cached is not None:
                return cached
            fact = getattr(view.facts, name)
            if fact is None or fact.value is None:
                truth = Truth.UNKNOWN
            else:
                try:
                    truth = Truth.TRUE if operator(fact.value, operand) else Truth.FALSE
                except TypeError:  # a number test on a non-number: the rule cannot decide
                    truth = Truth.UNKNOWN
            view.tests[key] = truth
            return truth

        return test
    if isinstance(rule, NotRule):
        inner = compile_rule(rule.not_)
        negation = {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE, Truth.UNKNOWN: Truth.UNKNOWN}
        return lambda view: negation[inner(view)]
    if isinstance(rule, AllRule):
        parts = [compile_rule(branch) for branch in rule.all]

        def all_of(view: FactView) -> Truth:  # Kleene AND: any false wins, else any unknown
            unknown = False
            for part in parts:
                truth = part(view)
                if truth is Truth.FALSE:
                    return Truth.FALSE
                unknown = unknown or truth is Truth.UNKNOWN
            return Truth.UNKNOWN if unknown else Truth.TRUE

        return all_of
    parts = [compile_rule(branch) for branch in rule.any]

    def any_of(view: FactView) -> Truth:  # Kleene OR: any true wins, else any unknown
        unknown = False
        for part in parts:
            truth = part(view)
            if truth is Truth.TRUE:
                return Truth.TRUE
            unknown = unknown or truth is Truth.UNKNOWN
        return Truth.UNKNOWN if unknown else Truth.FALSE

    return any_of


def evaluate(rule: Rule, facts: ToolFacts) -> Truth:
    """Three-valued evaluation of one rule on one tool's facts."""
    return compile_rule(rule)(FactView(facts))


@dataclass(frozen=True, slots=True)
class _CompiledCriterion:
    area: str
    criterion: Criterion
    weight: float
    levels: list[tuple[int, CompiledRule | None]]
    reads: list[str]
    applies_to: frozenset[str] | None  # tool kinds; None: every kind
    pick: Callable[[dict[str, Any]], tuple[Any, ...]]  # the values of `reads` from a dict, as a tuple


def _picker(names: Sequence[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A fast tuple of d[name] for each name (itemgetter returns a bare item for one name: wrap it)."""
    if not names:
        return lambda values: ()
    if len(names) == 1:
        only = names[0]
        return lambda values: (values[only],)
    return itemgetter(*names)


def effective_weight(area: str, criterion: Criterion, profile: Profile) -> float:
    """The criterion's weight times the profile's multiplier (criterion id first, then area)."""
    multiplier = profile.weights.get(criterion.id, profile.weights.get(area, 1.0))
    return criterion.weight * multiplier


def _verdict(score: int) -> CriterionVerdict:
    if score >= 100:
        return CriterionVerdict.PASSED
    return CriterionVerdict.FAILED if score == 0 else CriterionVerdict.PARTIAL


def _is_accepted(risks: Sequence[AcceptedRisk], criterion_id: str, tool_id: str, as_of: date) -> bool:
    return any(r.criterion == criterion_id and (not r.tools or tool_id in r.tools) and r.until >= as_of for r in risks)


def score_tool(
    tool: ToolProfile,
    compiled: Sequence[_CompiledCriterion],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk] = (),
    outcomes: dict[tuple[int, tuple[object, ...]], tuple[float, CriterionVerdict, str]] | None = None,
) -> list[CriterionScore]:
    """Every criterion for one tool: the first level whose rule holds; unknown when a rule cannot decide."""
    reads = _facts_read_by_all(compiled)
    return _score_row(tool, compiled, reads, lang, as_of, stale_after_days, accepted_risks, outcomes).results


def _score_row(
    tool: ToolProfile,
    compiled: Sequence[_CompiledCriterion],
    reads: Sequence[str],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk],
    outcomes: dict[tuple[int, tuple[object, ...]], tuple[float, CriterionVerdict, str]] | None,
) -> _Row:
    """One tool's criterion results, with the per-area and overall sums taken in the same pass."""
    _ = gettext_for(lang)
    not_applicable = _("not applicable to this kind of tool")
    results: list[CriterionScore] = []
    facts = tool.facts
    view = FactView(facts)
    # Evidence of each fact is built once per tool: many criteria read the same facts.
    evidence_by_fact: dict[str, EvidenceItem] = {}
    for name in reads:
        fact = getattr(facts, name)
        evidence_by_fact[name] = EvidenceItem(
            fact=name,
            value=None if fact is None else fact.value,
            source=None if fact is None else fact.source,
            checked=None if fact is None else fact.checked,
            status=fact_status(fact, as_of, stale_after_days),
        )
    frozen_by_fact = {name: _frozen(item.value) for name, item in evidence_by_fact.items()}
    totals: dict[str, list[float]] = {}  # area → [Σ weight × score, Σ weight]
    numerator = denominator = 0.0
    unknowns = 0
    for entry in compiled:
        criterion = entry.criterion
        evidence = list(entry.pick(evidence_by_fact))
        if entry.applies_to is not None and tool.kind not in entry.applies_to:
            score, verdict, weight, explanation = 0.0, CriterionVerdict.SKIPPED, 0.0, not_applicable
        else:
            weight = entry.weight
            # A criterion's outcome depends only on the values of the facts it reads: tools sharing them
            # (common in large portfolios) share the evaluation.
            signature = (id(entry), entry.pick(frozen_by_fact))
            outcome = outcomes.get(signature) if outcomes is not None else None
            if outcome is None:
                outcome = _level_outcome(entry, view, evidence, lang)
                if outcomes is not None:
                    outcomes[signature] = outcome
            score, verdict, explanation = outcome
            total = totals.get(entry.area)
            if total is None:
                total = totals[entry.area] = [0.0, 0.0]
            total[0] += weight * score
            total[1] += weight
            numerator += weight * score
            denominator += weight
            unknowns += verdict is CriterionVerdict.UNKNOWN
        results.append(
            CriterionScore(
                id=criterion.id,
                area=entry.area,
                score=score,
                max=100.0,
                weight=weight,
                verdict=verdict,
                explanation=explanation,
                evidence=evidence,
                accepted=bool(accepted_risks) and _is_accepted(accepted_risks, criterion.id, tool.id, as_of),
            )
        )
    return _Row(
        tool=tool.id,
        results=results,
        categories={area: round(num / den, 1) if den else 0.0 for area, (num, den) in totals.items()},
        score=numerator / denominator if denominator else 0.0,
        unknowns=unknowns,
    )


def _facts_read_by_all(compiled: Sequence[_CompiledCriterion]) -> list[str]:
    """Every fact any criterion reads, once each (the evidence a tool's row needs)."""
    return list(dict.fromkeys(name for entry in compiled for name in entry.reads))


def _level_outcome(
    entry: _CompiledCriterion, view: FactView, evidence: Sequence[EvidenceItem], lang: Lang
) -> tuple[float, CriterionVerdict, str]:
    """The first level whose rule is true; unknown as soon as a rule cannot decide."""
    criterion = entry.criterion
    for (level_score, rule), level in zip(entry.levels, criterion.levels, strict=True):
        truth = Truth.TRUE if rule is None else rule(view)
        if truth is Truth.TRUE:
            return float(level_score), _verdict(level_score), level.label.get(lang)
        if truth is Truth.UNKNOWN:
            unknown = ", ".join(e.fact for e in evidence if e.value is None) or "?"
            _ = gettext_for(lang)
            explanation = _("unknown: {facts} not known").format(facts=unknown)
            return float(criterion.unknown_score), CriterionVerdict.UNKNOWN, explanation
    raise AssertionError(f"criterion {criterion.id} has no level for this tool")  # pragma: no cover


def _frozen(value: object) -> object:
    """A hashable stand-in for a fact value (lists become tuples)."""
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def compile_criteria(criteria: CriteriaSet, profile: Profile) -> list[_CompiledCriterion]:
    """The criteria with their effective weights and compiled levels, once per scoring run."""
    return [
        _CompiledCriterion(
            area=area,
            criterion=criterion,
            weight=effective_weight(area, criterion, profile),
            levels=[
                (level.score, None if level.when is None else compile_rule(level.when)) for level in criterion.levels
            ],
            reads=facts_read(criterion),
            applies_to=None if criterion.applies_to is None else frozenset(criterion.applies_to),
            pick=_picker(facts_read(criterion)),
        )
        for area, criterion in criteria.criteria()
    ]


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
) -> ScoreResult:
    """Score and rank tools under a profile; gates may exclude; robustness by seeded random weights."""
    with collector_paused():
        return _score_tools(
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
        )


def _score_tools(
    tools: Sequence[ToolProfile],
    criteria: CriteriaSet,
    profile: Profile,
    lang: Lang,
    as_of: date | None,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk],
    robustness_samples: int,
    robustness_spread: float,
    seed: int,
) -> ScoreResult:
    as_of = as_of or date.today()
    compiled = compile_criteria(criteria, profile)
    position = {entry.criterion.id: index for index, entry in enumerate(compiled)}
    gates = [(gate, position[gate.criterion]) for gate in profile.gates if gate.criterion in position]
    reads = _facts_read_by_all(compiled)
    rows: list[_Row] = []
    outcomes: dict[tuple[int, tuple[object, ...]], tuple[float, CriterionVerdict, str]] = {}
    for tool in tools:
        row = _score_row(tool, compiled, reads, lang, as_of, stale_after_days, accepted_risks, outcomes)
        for gate, index in gates:
            result = row.results[index]
            if result.verdict is CriterionVerdict.SKIPPED or result.score >= gate.min_score:
                continue
            if result.accepted:
                row.gates_accepted.append(gate.criterion)
                continue
            row.gates_failed.append(gate.criterion)
            row.excluded = row.excluded or gate.action == "exclude"
        rows.append(row)

    base_scores = [row.score for row in rows]
    order = _rank(base_scores, [row.excluded for row in rows], [row.tool for row in rows])
    robustness = None
    keeps: list[float | None] = [None] * len(rows)
    firsts: list[float | None] = [None] * len(rows)
    if len(rows) >= 2 and robustness_samples > 0:
        keeps_f, firsts_f = _acceptability(rows, order, robustness_samples, robustness_spread, seed)
        keeps, firsts = list(keeps_f), list(firsts_f)
        robustness = RankRobustness(
            samples=robustness_samples,
            spread=robustness_spread,
            seed=seed,
            first_place_flip=_first_place_flip(rows, compiled, order),
        )
    scores = []
    for rank, index in enumerate(order, start=1):
        row = rows[index]
        scores.append(
            ToolScore(
                tool=row.tool,
                rank=rank,
                score=round(base_scores[index], 1),
                categories=row.categories,
                gates_failed=row.gates_failed,
                gates_accepted=row.gates_accepted,
                excluded=row.excluded,
                unknowns=row.unknowns,
                keeps_rank=keeps[index],
                ranks_first=firsts[index],
                criteria=row.results,
            )
        )
    areas = list(dict.fromkeys(entry.area for entry in compiled))
    return ScoreResult(profile=profile.id, lang=lang, areas=areas, scores=scores, robustness=robustness)


def _rank(scores: Sequence[float], excluded: Sequence[bool], names: Sequence[str]) -> list[int]:
    """Indices from first to last: tools that pass every exclude-gate first, then by score, then by id."""
    return sorted(range(len(scores)), key=lambda i: (excluded[i], -round(scores[i], 6), names[i]))


@dataclass
class _Row:
    """One tool's criterion results before ranking; gates are filled in once the row is scored."""

    tool: str
    results: list[CriterionScore]
    categories: dict[str, float]
    score: float
    unknowns: int
    gates_failed: list[str] = field(default_factory=list)
    gates_accepted: list[str] = field(default_factory=list)
    excluded: bool = False


def _matrix(rows: Sequence[_Row]) -> tuple[list[list[float]], list[list[float]]]:
    """Weights and scores as tools × criteria tables (skipped criteria carry weight 0)."""
    return [[c.weight for c in row.results] for row in rows], [[c.score for c in row.results] for row in rows]


def _acceptability(
    rows: Sequence[_Row], order: Sequence[int], samples: int, spread: float, seed: int
) -> tuple[list[float], list[float]]:
    """SMAA-style rank acceptability: share of random weight draws keeping each rank, and ranking first."""
    rng = random.Random(seed)
    weights, values = _matrix(rows)
    excluded = [row.excluded for row in rows]
    names = [row.tool for row in rows]
    n_criteria = len(weights[0])
    base_rank = {index: position for position, index in enumerate(order)}
    keeps = [0] * len(rows)
    firsts = [0] * len(rows)
    for _ in range(samples):
        factors = [rng.uniform(1 - spread, 1 + spread) for _ in range(n_criteria)]
        scores = []
        for w_row, v_row in zip(weights, values, strict=True):
            num = den = 0.0
            for factor, w, v in zip(factors, w_row, v_row, strict=True):
                fw = factor * w
                num += fw * v
                den += fw
            scores.append(num / den if den else 0.0)
        drawn = _rank(scores, excluded, names)
        firsts[drawn[0]] += 1
        for position, index in enumerate(drawn):
            if base_rank[index] == position:
                keeps[index] += 1
    return [round(k / samples, 3) for k in keeps], [round(f / samples, 3) for f in firsts]


def _first_place_flip(
    rows: Sequence[_Row], compiled: Sequence[_CompiledCriterion], order: Sequence[int]
) -> FirstPlaceFlip | None:
    """The single-criterion weight multiplier closest to 1 (in log terms) that changes the first-ranked tool."""
    weights, values = _matrix(rows)
    excluded = [row.excluded for row in rows]
    names = [row.tool for row in rows]
    base_num = [sum(w * v for w, v in zip(wr, vr, strict=True)) for wr, vr in zip(weights, values, strict=True)]
    base_den = [sum(wr) for wr in weights]
    leader = order[0]
    # multipliers ordered by distance from 1: 0.95, 1.05, 0.9, 1.1, … down to 0 and up to 10
    grid = sorted({round(1 + step * 0.01, 2) for step in range(-100, 901)} - {1.0}, key=lambda m: (_distance(m), m))
    best: FirstPlaceFlip | None = None
    best_distance = float("inf")
    for c_index, entry in enumerate(compiled):
        for multiplier in grid:
            distance = _distance(multiplier)
            if distance >= best_distance:
                break
            delta = multiplier - 1
            scores = []
            for t in range(len(rows)):
                w, v = weights[t][c_index], values[t][c_index]
                den = base_den[t] + delta * w
                scores.append((base_num[t] + delta * w * v) / den if den else 0.0)
            first = _rank(scores, excluded, names)[0]
            if first != leader:
                best = FirstPlaceFlip(criterion=entry.criterion.id, multiplier=multiplier, new_first=names[first])
                best_distance = distance
                break
    return best


def _distance(multiplier: float) -> float:
    """How big a weight change is: halving and doubling count the same (0.5)."""
    return 1 - multiplier if multiplier < 1 else (multiplier - 1) / multiplier
