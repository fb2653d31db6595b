"""Criteria compiled once per scoring run: rules as closures over the operator registry, levels, weights.

A criterion's outcome on a tool — met at a level, unknown, or not applicable — depends only on the values of the
facts it reads (docs/scoring.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic_core import to_jsonable_python

from toolassess.i18n import gettext_for
from toolassess.models.assessment import CriterionVerdict, EvidenceItem, FactStatus
from toolassess.models.base import Lang
from toolassess.models.criteria import AllRule, CriteriaSet, Criterion, FactTest, NotRule, Profile, Rule
from toolassess.models.facts import ToolFacts
from toolassess.models.rules import OPERATORS, Truth

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
    """A criterion ready to evaluate: its area, effective weight, compiled levels and the facts it reads."""

    area: str
    criterion: Criterion
    weight: float
    levels: list[tuple[int, CompiledRule | None]]
    reads: list[str]
    applies_to: frozenset[str] | None  # tool kinds; None: every kind
    purposes: frozenset[str] | None  # purposes whose ranking it counts in; None: every purpose


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


def as_json(value: object) -> object:
    """A fact value as JSON reads it back (plain scalars as they are: most facts are)."""
    return value if value is None or isinstance(value, str | bool | int | float) else to_jsonable_python(value)


def level_outcome(entry: CompiledCriterion, view: FactView, evidence: Sequence[EvidenceItem], lang: Lang) -> Outcome:
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


def frozen(value: object) -> object:
    """A hashable stand-in for a fact value (lists become tuples, mappings sorted tuples of pairs)."""
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((key, frozen(v)) for key, v in value.items()))
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
        )
        for area, criterion in criteria.criteria()
        if not criterion.profiles_only or criterion.id in named
    ]
