"""Pure scoring: tools × criteria → scores with explanations and evidence."""

from __future__ import annotations

from toolassess.models.criteria import AllRule, Criterion, FactTest, NotRule, Rule
from toolassess.models.facts import ToolFacts
from toolassess.rules import OPERATORS, Truth


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


def evaluate(rule: Rule, facts: ToolFacts) -> Truth:
    """Three-valued evaluation: a test on an unknown fact is UNKNOWN; all/any/not follow Kleene logic."""
    if isinstance(rule, FactTest):
        fact = getattr(facts, rule.fact)
        if fact is None or not fact.is_known:
            return Truth.UNKNOWN
        try:
            held = OPERATORS[rule.op](fact.value, rule.value)
        except TypeError:  # a number test on a non-number fact: the rule cannot decide
            return Truth.UNKNOWN
        return Truth.TRUE if held else Truth.FALSE
    if isinstance(rule, NotRule):
        inner = evaluate(rule.not_, facts)
        return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(inner, Truth.UNKNOWN)
    if isinstance(rule, AllRule):
        results = [evaluate(branch, facts) for branch in rule.all]
        if Truth.FALSE in results:
            return Truth.FALSE
        return Truth.UNKNOWN if Truth.UNKNOWN in results else Truth.TRUE
    results = [evaluate(branch, facts) for branch in rule.any]
    if Truth.TRUE in results:
        return Truth.TRUE
    return Truth.UNKNOWN if Truth.UNKNOWN in results else Truth.FALSE
