"""Pure scoring: tools × criteria → per-purpose rankings with explanations, evidence, gates and rank robustness.

Three outcomes are never confused (docs/scoring.md): a criterion is met at a level, unknown (the catalogue does not
know: the score is taken over the known criteria and reports its coverage and range), or not applicable (it leaves
the tool's score). A gate on an unknown fact is "to verify"; a gate that does not apply leaves the tool outside what
the profile governs. Tools are ranked among those serving the same purpose.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from pydantic_core import to_jsonable_python

from toolassess.i18n import gettext_for
from toolassess.models.assessment import (
    CriterionScore,
    CriterionVerdict,
    Eligibility,
    EvidenceItem,
    FactStatus,
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
from toolassess.models.criteria import AllRule, CriteriaSet, Criterion, FactTest, Gate, NotRule, Profile, Rule
from toolassess.models.facts import ToolFacts
from toolassess.models.plan import AcceptedRisk
from toolassess.models.rules import OPERATORS, Truth
from toolassess.scoring.bulk import collector_paused
from toolassess.scoring.freshness import DEFAULT_STALE_AFTER_DAYS, fact_status
from toolassess.scoring.robustness import acceptability, first_place_flip, rank_order, weight_matrix
from toolassess.scoring.sources import source_kind

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
class CompiledCriterion:
    area: str
    criterion: Criterion
    weight: float
    levels: list[tuple[int, CompiledRule | None]]
    reads: list[str]
    applies_to: frozenset[str] | None  # tool kinds; None: every kind
    purposes: frozenset[str] | None  # purposes whose ranking it counts in; None: every purpose
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


# What a criterion concluded for a tool: score (None unless met at a level), verdict, explanation, facts to ask,
# and for an unknown outcome the level scores still possible.
Outcome = tuple[float | None, CriterionVerdict, str, tuple[str, ...], tuple[float, ...]]


_NOT_APPLICABLE = object()  # stands for a not-applicable fact in outcome signatures (an unknown one is None)


def score_tool(
    tool: ToolProfile,
    compiled: Sequence[CompiledCriterion],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk] = (),
    outcomes: dict[tuple[int, tuple[object, ...]], Outcome] | None = None,
) -> list[CriterionScore]:
    """Every criterion for one tool: the first level whose rule holds; unknown or not applicable otherwise."""
    reads = _facts_read_by_all(compiled)
    return _score_row(tool, compiled, reads, lang, as_of, stale_after_days, accepted_risks, outcomes).results


def _score_row(
    tool: ToolProfile,
    compiled: Sequence[CompiledCriterion],
    reads: Sequence[str],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk],
    outcomes: dict[tuple[int, tuple[object, ...]], Outcome] | None,
) -> ScoredRow:
    """One tool's criterion results, with the per-area sums over known criteria taken in the same pass."""
    _ = gettext_for(lang)
    kind_not_applicable = _("not applicable to this kind of tool")
    purpose_not_applicable = _("not applicable: the tool does not serve the purposes this criterion is for")
    purposes = {p.value for p in tool.purposes}
    results: list[CriterionScore] = []
    facts = tool.facts.on(as_of)  # an expired certificate scores as no longer held
    view = FactView(facts)
    # Evidence of each fact is built once per tool: many criteria read the same facts.
    evidence_by_fact: dict[str, EvidenceItem] = {}
    for name in reads:
        fact = getattr(facts, name)
        evidence_by_fact[name] = EvidenceItem(
            fact=name,
            # As it reads in the JSON (outages as mappings, dates as ISO text): the live Assessment and one read
            # back from its JSON render the same report, byte for byte (verify relies on it).
            value=None if fact is None else _as_json(fact.value),
            source=None if fact is None else fact.source,
            source_kind=None if fact is None else source_kind(fact.source),
            checked=None if fact is None else fact.checked,
            as_of=None if fact is None else fact.as_of,
            status=fact_status(fact, as_of, stale_after_days),
        )
    frozen_by_fact = {
        name: _NOT_APPLICABLE if item.status is FactStatus.NOT_APPLICABLE else _frozen(item.value)
        for name, item in evidence_by_fact.items()
    }
    totals: dict[str, list[float]] = {}  # area → [Σ weight × score over known criteria, Σ their weight]
    unknowns = not_applicable = 0
    for entry in compiled:
        criterion = entry.criterion
        evidence = list(entry.pick(evidence_by_fact))
        if entry.applies_to is not None and tool.kind not in entry.applies_to:
            outcome: Outcome = (None, CriterionVerdict.NOT_APPLICABLE, kind_not_applicable, (), ())
        elif entry.purposes is not None and entry.purposes.isdisjoint(purposes):
            outcome = (None, CriterionVerdict.NOT_APPLICABLE, purpose_not_applicable, (), ())
        else:
            # A criterion's outcome depends only on the values of the facts it reads: tools sharing them
            # (common in large portfolios) share the evaluation.
            signature = (id(entry), entry.pick(frozen_by_fact))
            cached = outcomes.get(signature) if outcomes is not None else None
            if cached is None:
                cached = _level_outcome(entry, view, evidence, lang)
                if outcomes is not None:
                    outcomes[signature] = cached
            outcome = cached
        score, verdict, explanation, ask, possible = outcome
        weight = 0.0 if verdict is CriterionVerdict.NOT_APPLICABLE else entry.weight
        if verdict is CriterionVerdict.NOT_APPLICABLE:
            not_applicable += 1
        else:
            total = totals.get(entry.area)
            if total is None:
                total = totals[entry.area] = [0.0, 0.0]
            if score is None:
                unknowns += 1
            else:
                total[0] += weight * score
                total[1] += weight
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
                unknown_facts=list(ask),
                possible=list(possible),
                accepted=any(r.covers_criterion(criterion.id, tool.id, as_of) for r in accepted_risks),
            )
        )
    return ScoredRow(
        tool=tool,
        results=results,
        categories={area: round(num / den, 1) if den else None for area, (num, den) in totals.items()},
        unknowns=unknowns,
        not_applicable=not_applicable,
    )


def _as_json(value: object) -> object:
    """A fact value as JSON reads it back (plain scalars as they are: most facts are)."""
    return value if value is None or isinstance(value, str | bool | int | float) else to_jsonable_python(value)


def _facts_read_by_all(compiled: Sequence[CompiledCriterion]) -> list[str]:
    """Every fact any criterion reads, once each (the evidence a tool's row needs)."""
    return list(dict.fromkeys(name for entry in compiled for name in entry.reads))


def _level_outcome(entry: CompiledCriterion, view: FactView, evidence: Sequence[EvidenceItem], lang: Lang) -> Outcome:
    """The first level whose rule is true, unless a level before it cannot be decided and would score otherwise.

    Levels that cannot be decided (a fact is unknown) are skipped while every one of them would give the same
    score as the level finally reached: "self-hosted, or a European operator" scores 100 for a European operator
    whatever its hosting. Otherwise the outcome is unknown — or not applicable when every fact left undecided is
    declared not applicable to the tool.
    """
    criterion = entry.criterion
    undecided: set[int] = set()  # scores of the levels that could not be decided so far
    for (level_score, rule), level in zip(entry.levels, criterion.levels, strict=True):
        truth = Truth.TRUE if rule is None else rule(view)
        if truth is Truth.TRUE:
            if undecided <= {level_score}:
                return float(level_score), _verdict(level_score), level.label.get(lang), (), ()
            undecided.add(level_score)
            break
        if truth is Truth.UNKNOWN:
            undecided.add(level_score)
    _ = gettext_for(lang)
    unknown = tuple(e.fact for e in evidence if e.value is None and e.status is not FactStatus.NOT_APPLICABLE)
    if not unknown:
        facts = ", ".join(e.fact for e in evidence if e.status is FactStatus.NOT_APPLICABLE)
        explanation = _("not applicable: {facts} do not arise for this tool").format(facts=facts)
        return None, CriterionVerdict.NOT_APPLICABLE, explanation, (), ()
    explanation = _("unknown: {facts} not known").format(facts=", ".join(unknown))
    return None, CriterionVerdict.UNKNOWN, explanation, unknown, tuple(float(x) for x in sorted(undecided))


def _frozen(value: object) -> object:
    """A hashable stand-in for a fact value (lists become tuples, mappings sorted tuples of pairs)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(v)) for key, v in value.items()))
    return value


def compile_criteria(criteria: CriteriaSet, profile: Profile) -> list[CompiledCriterion]:
    """The criteria with their effective weights and compiled levels, once per scoring run.

    A doctrine's own criterion (`profiles_only`) is left out of the profiles that neither weigh nor gate it.
    """
    named = set(profile.weights) | {gate.criterion for gate in profile.gates}
    return [
        CompiledCriterion(
            area=area,
            criterion=criterion,
            weight=effective_weight(area, criterion, profile),
            levels=[
                (level.score, None if level.when is None else compile_rule(level.when)) for level in criterion.levels
            ],
            reads=facts_read(criterion),
            applies_to=None if criterion.applies_to is None else frozenset(criterion.applies_to),
            purposes=None if criterion.purposes is None else frozenset(p.value for p in criterion.purposes),
            pick=_picker(facts_read(criterion)),
        )
        for area, criterion in criteria.criteria()
        if not criterion.profiles_only or criterion.id in named
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
    purposes: Sequence[Purpose] | None = None,
) -> ScoreResult:
    """Score tools under a profile and rank them per purpose (default: every purpose they serve)."""
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
            purposes,
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
    only: Sequence[Purpose] | None,
) -> ScoreResult:
    as_of = as_of or date.today()
    compiled = compile_criteria(criteria, profile)
    position = {entry.criterion.id: index for index, entry in enumerate(compiled)}
    reads = _facts_read_by_all(compiled)
    outcomes: dict[tuple[int, tuple[object, ...]], Outcome] = {}
    rows = [
        _score_row(tool, compiled, reads, lang, as_of, stale_after_days, accepted_risks, outcomes) for tool in tools
    ]
    served = {p for row in rows for p in row.tool.purposes}
    wanted = [p for p in Purpose if p in served and (only is None or p in only)]
    rankings: list[Ranking] = []
    for purpose in wanted:
        counted = [i for i, e in enumerate(compiled) if e.purposes is None or purpose.value in e.purposes]
        gates = [
            (gate, position[gate.criterion])
            for gate in profile.gates
            if gate.criterion in position and (gate.purposes is None or purpose in gate.purposes)
        ]
        members = [row for row in rows if purpose in row.tool.purposes]
        kinds_governed = profile.governs.get(purpose)
        for row in members:
            in_scope = kinds_governed is None or row.tool.kind in kinds_governed
            row.by_purpose[purpose.value] = _purpose_score(row, purpose.value, counted, gates, in_scope)
        rankings.append(
            _rank_purpose(purpose.value, members, counted, compiled, robustness_samples, robustness_spread, seed)
        )
    scores = [
        ToolScore(
            tool=row.tool.id,
            kind=row.tool.kind,
            categories=row.categories,
            unknowns=row.unknowns,
            not_applicable=row.not_applicable,
            purposes=[row.by_purpose[p.value] for p in wanted if p.value in row.by_purpose],
            criteria=row.results,
        )
        for row in rows
        if row.by_purpose
    ]
    areas = list(dict.fromkeys(entry.area for entry in compiled))
    return ScoreResult(profile=profile.id, lang=lang, areas=areas, scores=scores, rankings=rankings)


@dataclass
class ScoredRow:
    """One tool's criterion results; its per-purpose scores are filled in once every row is scored."""

    tool: ToolProfile
    results: list[CriterionScore]
    categories: dict[str, float | None]
    unknowns: int
    not_applicable: int
    by_purpose: dict[str, PurposeScore] = field(default_factory=dict)
    exact: dict[str, float | None] = field(default_factory=dict)  # purpose → unrounded score (ranking uses it)


def _purpose_score(
    row: ScoredRow, purpose: str, counted: Sequence[int], gates: Sequence[tuple[Gate, int]], in_scope: bool
) -> PurposeScore:
    """The tool's score over the criteria counted for this purpose, its coverage and range, and its gates."""
    known_num = known_den = unknown_den = 0.0
    results = row.results
    for index in counted:
        result = results[index]
        weight, score = result.weight, result.score
        if score is not None:
            known_num += weight * score
            known_den += weight
        elif result.verdict is CriterionVerdict.UNKNOWN:
            unknown_den += weight
    applicable = known_den + unknown_den
    row.exact[purpose] = known_num / known_den if known_den else None
    kind = row.tool.kind
    checks = [_gate_check(row, gate, index) for gate, index in gates if gate.kinds is None or kind in gate.kinds]
    outcomes = {(c.outcome, c.action) for c in checks}
    # A tool of a kind the profile does not rank for this purpose is outside its scope; otherwise a failed
    # exclusion gate excludes even when another gate cannot judge the tool; an exclusion gate that cannot judge it
    # puts it outside what the profile governs; a warning gate that cannot judge it only says so.
    if not in_scope:
        status = Eligibility.OUTSIDE_SCOPE
    elif (GateOutcome.FAILED, "exclude") in outcomes:
        status = Eligibility.EXCLUDED
    elif (GateOutcome.OUTSIDE_SCOPE, "exclude") in outcomes:
        status = Eligibility.OUTSIDE_SCOPE
    elif (GateOutcome.TO_VERIFY, "exclude") in outcomes:
        status = Eligibility.TO_VERIFY
    else:
        status = Eligibility.ELIGIBLE
    return PurposeScore(
        purpose=purpose,
        rank=None,
        status=status,
        score=round(known_num / known_den, 1) if known_den else None,
        score_min=round(known_num / applicable, 1) if applicable else 0.0,
        score_max=round((known_num + 100 * unknown_den) / applicable, 1) if applicable else 100.0,
        coverage=round(known_den / applicable, 3) if applicable else 0.0,
        gates=checks,
    )


def _gate_check(row: ScoredRow, gate: Gate, index: int) -> GateCheck:
    """What one gate says of one tool: outside scope, to verify (with what to ask), passed, accepted or failed."""
    result = row.results[index]
    # An unknown criterion still decides the gate when every score it can reach is on the same side of it.
    reachable = [result.score] if result.score is not None else result.possible
    if result.verdict is CriterionVerdict.NOT_APPLICABLE:
        outcome = GateOutcome.OUTSIDE_SCOPE
    elif reachable and min(reachable) >= gate.min_score:
        outcome = GateOutcome.PASSED
    elif reachable and max(reachable) < gate.min_score:
        outcome = GateOutcome.ACCEPTED if result.accepted else GateOutcome.FAILED
    else:
        outcome = GateOutcome.ACCEPTED if result.accepted else GateOutcome.TO_VERIFY
    ask = result.unknown_facts if outcome is GateOutcome.TO_VERIFY else []
    return GateCheck(criterion=gate.criterion, action=gate.action, min_score=gate.min_score, outcome=outcome, ask=ask)


_TIER = {Eligibility.ELIGIBLE: 0, Eligibility.TO_VERIFY: 1, Eligibility.EXCLUDED: 2}


def _rank_purpose(
    purpose: str,
    members: Sequence[ScoredRow],
    counted: Sequence[int],
    compiled: Sequence[CompiledCriterion],
    samples: int,
    spread: float,
    seed: int,
) -> Ranking:
    """Rank the governed tools of one purpose and measure how robust that order is to the weights.

    Eligible tools first, then those to verify, then the excluded ones; by score within each tier.
    """
    governed = [row for row in members if row.by_purpose[purpose].status is not Eligibility.OUTSIDE_SCOPE]
    outside = [row.tool.id for row in members if row.by_purpose[purpose].status is Eligibility.OUTSIDE_SCOPE]
    tiers = [_TIER[row.by_purpose[purpose].status] for row in governed]
    names = [row.tool.id for row in governed]
    order = rank_order([row.exact[purpose] for row in governed], tiers, names)
    keeps: list[float | None] = [None] * len(governed)
    firsts: list[float | None] = [None] * len(governed)
    robustness = None
    if len(governed) >= 2 and samples > 0:
        weights, values = weight_matrix(governed, counted)
        keeps_f, firsts_f = acceptability(weights, values, tiers, names, order, samples, spread, seed)
        keeps, firsts = list(keeps_f), list(firsts_f)
        flip = first_place_flip(weights, values, tiers, names, order, [compiled[i] for i in counted])
        robustness = RankRobustness(samples=samples, spread=spread, seed=seed, first_place_flip=flip)
    for rank, index in enumerate(order, start=1):
        row = governed[index]
        row.by_purpose[purpose] = row.by_purpose[purpose].model_copy(
            update={"rank": rank, "keeps_rank": keeps[index], "ranks_first": firsts[index]}
        )
    return Ranking(
        purpose=purpose,
        areas=list(dict.fromkeys(compiled[i].area for i in counted)),
        ranked=[names[i] for i in order],
        outside_scope=outside,
        robustness=robustness,
    )
