"""Doctrine conformance: the built-in profiles reach the conclusions of the doctrines they cite (issue 12).

The data lives in tests/doctrines/doctrines.yaml — each entry sourced, dated and quoted. A failing check is fixed
in the catalogue's facts or in the model (criteria, profiles), never by naming a tool in code or in a rule.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from toolassess.inputs.catalog import load_catalog
from toolassess.inputs.criteria import load_criteria
from toolassess.models.assessment import Eligibility, GateOutcome, ScoreResult
from toolassess.models.criteria import AllRule, AnyRule, FactTest, NotRule, Rule
from toolassess.scoring.score import score_tools

DATA = yaml.safe_load((Path(__file__).parent / "doctrines" / "doctrines.yaml").read_text(encoding="utf-8"))
DOCTRINES: list[dict[str, Any]] = DATA["doctrines"]
CATALOG = load_catalog().catalog
CRITERIA = load_criteria()
AS_OF = date(2026, 12, 1)
REFERENCE_PROFILE = "management-team"  # area and criterion comparisons read this profile's weights


@cache
def ranking_under(profile: str) -> ScoreResult:
    """Every catalogue tool scored under one profile (no robustness draws: the checks read ranks and states)."""
    return score_tools(
        list(CATALOG.tools.values()),
        CRITERIA,
        CRITERIA.profile(profile),
        as_of=AS_OF,
        robustness_samples=0,
    )


def _entry(result: ScoreResult, tool: str, purpose: str):
    score = next((s for s in result.scores if s.tool == tool), None)
    assert score is not None, f"{tool} is not in the catalogue"
    entry = score.for_purpose(purpose)
    assert entry is not None, f"{tool} does not serve {purpose}"
    return entry


def check_ranking(check: dict[str, Any]) -> list[str]:
    """The failures of one {profile, purpose, …} check, as sentences."""
    result = ranking_under(check["profile"])
    purpose = check["purpose"]
    ranking = next((r for r in result.rankings if r.purpose == purpose), None)
    ranked = ranking.ranked if ranking else []
    failures = []
    for tool in check.get("eligible", []):
        if (status := _entry(result, tool, purpose).status) is not Eligibility.ELIGIBLE:
            failures.append(f"{tool} should pass every gate but is {status.value}")
    for tool in check.get("excluded", []):
        if (status := _entry(result, tool, purpose).status) is not Eligibility.EXCLUDED:
            failures.append(f"{tool} should be excluded but is {status.value}")
    for tool in check.get("not_eligible", []):
        if (status := _entry(result, tool, purpose).status) is Eligibility.ELIGIBLE:
            failures.append(f"{tool} should not pass the gates but is {status.value}")
    for tool in check.get("not_excluded", []):
        if (status := _entry(result, tool, purpose).status) not in (Eligibility.ELIGIBLE, Eligibility.TO_VERIFY):
            failures.append(f"{tool} should be eligible or to verify but is {status.value}")
    if check.get("no_eligible"):
        eligible = [t for t in ranked if _entry(result, t, purpose).status is Eligibility.ELIGIBLE]
        if eligible:
            failures.append(f"no catalogued tool should pass every gate, but {', '.join(eligible)} do")
    failures += [f"{tool} should be ranked" for tool in check.get("ranked", []) if tool not in ranked]
    failures += [f"{tool} should not be ranked" for tool in check.get("not_ranked", []) if tool in ranked]
    for first, second in check.get("above", []):
        if first not in ranked or second not in ranked or ranked.index(first) > ranked.index(second):
            failures.append(f"{first} should rank above {second} (ranking: {', '.join(ranked)})")
    for tool, gate in check.get("gate_failed", []):
        outcomes = {g.criterion: g.outcome for g in _entry(result, tool, purpose).gates}
        if outcomes.get(gate) is not GateOutcome.FAILED:
            failures.append(f"{tool} should fail the gate {gate}, got {outcomes.get(gate)}")
    return failures


def check_scores(check: dict[str, Any]) -> list[str]:
    """The failures of one {area | criterion, above} check."""
    result = ranking_under(REFERENCE_PROFILE)
    by_tool = {s.tool: s for s in result.scores}
    failures = []
    for first, second in check["above"]:
        if "area" in check:
            a, b = (by_tool[t].categories.get(check["area"]) for t in (first, second))
        else:
            a, b = (next(c for c in by_tool[t].criteria if c.id == check["criterion"]).score for t in (first, second))
        what = check.get("area") or check.get("criterion")
        if a is None or b is None or a <= b:
            failures.append(f"{what}: {first} ({a}) should score above {second} ({b})")
    return failures


def check_fact(check: dict[str, Any]) -> list[str]:
    fact = getattr(CATALOG.tools[check["tool"]].facts, check["fact"])
    if check.get("unknown"):
        return [] if fact is None or fact.unknown else [f"{check['tool']}.{check['fact']} should be unknown"]
    if fact is None or fact.value is None or check["contains"] not in fact.value:
        return [f"{check['tool']}.{check['fact']} should contain {check['contains']}"]
    if not fact.source:
        return [f"{check['tool']}.{check['fact']} has no source"]
    return []


def run(check: dict[str, Any]) -> list[str]:
    if "profile" in check:
        return check_ranking(check)
    if "area" in check or "criterion" in check:
        return check_scores(check)
    return check_fact(check)


@pytest.mark.parametrize("doctrine", DOCTRINES, ids=[d["id"] for d in DOCTRINES])
def test_builtin_profiles_conform_to_the_doctrine(doctrine):
    failures = [failure for check in doctrine["checks"] for failure in run(check)]
    assert not failures, f"{doctrine['id']} ({doctrine['source']}): " + "; ".join(failures)


def test_every_doctrine_is_sourced_dated_and_quoted():
    assert len(DOCTRINES) >= 12
    assert len({d["country"] for d in DOCTRINES}) >= 4
    ids = [d["id"] for d in DOCTRINES]
    assert len(ids) == len(set(ids))
    for d in DOCTRINES:
        assert re.fullmatch(r"https://[^\s]+", d["source"]), d["id"]
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d["date"]), d["id"]
        assert d["date"] <= AS_OF.isoformat(), d["id"]
        assert len(d["quote"]) >= 20 and d["title"] and d["body"] and d["checks"], d["id"]
    for conflict in DATA["conflicts"]:
        assert set(conflict["ids"]) <= set(ids) and conflict["note"]


def test_the_suite_can_fail():
    """A check contradicting a doctrine is caught (the runner is not vacuous)."""
    assert run({"profile": "fr-state", "purpose": "communication", "above": [["whatsapp", "tchap"]]})
    assert run({"profile": "fr-state", "purpose": "communication", "eligible": ["whatsapp"]})
    assert run({"area": "encryption", "above": [["sms", "signal"]]})
    assert run({"tool": "whatsapp", "fact": "certifications", "contains": "anssi-cspn"})


def _vocabulary(fact: str) -> set[object]:
    """The fixed values a fact may take (its Literal), e.g. identifier_required's 'email'."""
    import typing

    from toolassess.models.facts import ToolFacts

    values: set[object] = set()
    pending = [ToolFacts.model_fields[fact].annotation]
    while pending:
        item = pending.pop()
        if typing.get_origin(item) is typing.Literal:
            values.update(typing.get_args(item))
        else:
            pending += list(typing.get_args(item))
            pending += list(getattr(item, "__pydantic_generic_metadata__", {}).get("args", ()))
    return values


def _fact_tests(rule: Rule) -> list[FactTest]:
    if isinstance(rule, FactTest):
        return [rule]
    if isinstance(rule, NotRule):
        return _fact_tests(rule.not_)
    branches = rule.all if isinstance(rule, AllRule) else rule.any if isinstance(rule, AnyRule) else []
    return [test for branch in branches for test in _fact_tests(branch)]


def test_no_rule_names_a_tool():
    """Verdicts follow from facts: no criterion level compares a fact with a catalogue tool id."""
    named = {
        (criterion.id, operand)
        for _, criterion in CRITERIA.criteria()
        for level in criterion.levels
        if level.when is not None
        for test in _fact_tests(level.when)
        for operand in (test.value if isinstance(test.value, list) else [test.value])
        if operand in CATALOG.tools and operand not in _vocabulary(test.fact)
    }
    assert not named
    for profile in CRITERIA.profiles.values():
        assert not set(profile.weights) & set(CATALOG.tools), profile.id
