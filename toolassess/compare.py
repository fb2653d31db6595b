"""Pure comparison of two assessments: scores, facts, criteria and weights, findings and inputs."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from toolassess.models.assessment import Assessment, GateOutcome
from toolassess.models.base import Model
from toolassess.models.findings import Finding, Severity


class ScoreChange(Model):
    """How one tool's score and rank moved in one purpose's ranking."""

    tool: str
    purpose: str
    old_score: float | None
    new_score: float | None
    delta: float | None
    old_rank: int | None
    new_rank: int | None
    categories: dict[str, float] = Field(description="category → delta (only those that moved)")
    gates_newly_failed: list[str]
    gates_now_passed: list[str]


class FactChange(Model):
    """A catalogue fact whose value, source or check date changed."""

    tool: str
    fact: str
    old_value: Any = None
    new_value: Any = None
    old_source: str | None = None
    new_source: str | None = None
    old_checked: str | None = None
    new_checked: str | None = None


class CriterionChange(Model):
    """A criterion added, removed or re-weighted."""

    criterion: str
    change: str = Field(description="added | removed | weight")
    old_weight: float | None = None
    new_weight: float | None = None


class InputChange(Model):
    """An input file added, removed or modified (by sha256)."""

    path: str
    change: str = Field(description="added | removed | modified")
    old_sha256: str | None = None
    new_sha256: str | None = None


class Comparison(Model):
    """What changed between two assessments of the same (or a revised) plan."""

    old_plan: str
    new_plan: str
    old_date: str
    new_date: str
    catalog_changed: bool
    criteria_changed: bool
    scores: list[ScoreChange]
    facts: list[FactChange]
    criteria: list[CriterionChange]
    findings_added: list[Finding]
    findings_resolved: list[Finding]
    findings_newly_accepted: list[Finding]
    inputs: list[InputChange]
    regression: bool = Field(description="a score dropped or a high-severity finding appeared")
    regressions: list[str]


def _finding_key(finding: Finding) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return finding.kind.value, tuple(sorted(finding.tools)), tuple(sorted(finding.components))


def _facts(assessment: Assessment) -> dict[tuple[str, str], dict[str, Any]]:
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    for score in assessment.scores:
        for criterion in score.criteria:
            for evidence in criterion.evidence:
                facts[(score.tool, evidence.fact)] = evidence.model_dump(mode="json")
    return facts


def _weights(assessment: Assessment) -> dict[str, float]:
    weights: dict[str, float] = {}
    for score in assessment.scores:
        for criterion in score.criteria:
            if criterion.verdict.value != "not-applicable":
                weights.setdefault(criterion.id, criterion.weight)
            else:
                weights.setdefault(criterion.id, weights.get(criterion.id, 0.0))
    return weights


def compare_assessments(old: Assessment, new: Assessment) -> Comparison:
    """Every difference an auditor needs to explain a change in the results."""
    old_scores = {(s.tool, p.purpose): (s, p) for s in old.scores for p in s.purposes}
    new_scores = {(s.tool, p.purpose): (s, p) for s in new.scores for p in s.purposes}
    scores = []
    for key in sorted(old_scores.keys() | new_scores.keys()):
        before, after = old_scores.get(key), new_scores.get(key)
        categories = {}
        if before and after:
            for area in sorted(before[0].categories.keys() | after[0].categories.keys()):
                old_value, new_value = before[0].categories.get(area), after[0].categories.get(area)
                if old_value is None or new_value is None:
                    continue
                delta = round(new_value - old_value, 1)
                if delta:
                    categories[area] = delta
        old_entry, new_entry = (before[1] if before else None), (after[1] if after else None)
        old_score = old_entry.score if old_entry else None
        new_score = new_entry.score if new_entry else None
        old_failed = set(old_entry.gates_with(GateOutcome.FAILED)) if old_entry else set()
        new_failed = set(new_entry.gates_with(GateOutcome.FAILED)) if new_entry else set()
        scores.append(
            ScoreChange(
                tool=key[0],
                purpose=key[1],
                old_score=old_score,
                new_score=new_score,
                delta=round(new_score - old_score, 1) if old_score is not None and new_score is not None else None,
                old_rank=old_entry.rank if old_entry else None,
                new_rank=new_entry.rank if new_entry else None,
                categories=categories,
                gates_newly_failed=sorted(new_failed - old_failed) if before and after else [],
                gates_now_passed=sorted(old_failed - new_failed) if before and after else [],
            )
        )
    old_facts, new_facts = _facts(old), _facts(new)
    facts = []
    for key in sorted(old_facts.keys() & new_facts.keys()):
        a, b = old_facts[key], new_facts[key]
        if (a["value"], a["source"], a["checked"]) != (b["value"], b["source"], b["checked"]):
            facts.append(
                FactChange(
                    tool=key[0],
                    fact=key[1],
                    old_value=a["value"],
                    new_value=b["value"],
                    old_source=a["source"],
                    new_source=b["source"],
                    old_checked=a["checked"],
                    new_checked=b["checked"],
                )
            )
    old_weights, new_weights = _weights(old), _weights(new)
    criteria = [
        CriterionChange(criterion=c, change="added", new_weight=new_weights[c])
        for c in sorted(new_weights.keys() - old_weights.keys())
    ]
    criteria += [
        CriterionChange(criterion=c, change="removed", old_weight=old_weights[c])
        for c in sorted(old_weights.keys() - new_weights.keys())
    ]
    criteria += [
        CriterionChange(criterion=c, change="weight", old_weight=old_weights[c], new_weight=new_weights[c])
        for c in sorted(old_weights.keys() & new_weights.keys())
        if abs(old_weights[c] - new_weights[c]) > 1e-9
    ]
    old_findings = {_finding_key(f): f for f in old.findings}
    new_findings = {_finding_key(f): f for f in new.findings}
    added = [new_findings[k] for k in sorted(new_findings.keys() - old_findings.keys())]
    resolved = [old_findings[k] for k in sorted(old_findings.keys() - new_findings.keys())]
    newly_accepted = [
        new_findings[k]
        for k in sorted(old_findings.keys() & new_findings.keys())
        if new_findings[k].accepted and not old_findings[k].accepted
    ]
    old_inputs = {f.path: f.sha256 for f in old.inputs.files}
    new_inputs = {f.path: f.sha256 for f in new.inputs.files}
    inputs = [
        InputChange(path=p, change="added", new_sha256=new_inputs[p])
        for p in sorted(new_inputs.keys() - old_inputs.keys())
    ]
    inputs += [
        InputChange(path=p, change="removed", old_sha256=old_inputs[p])
        for p in sorted(old_inputs.keys() - new_inputs.keys())
    ]
    inputs += [
        InputChange(path=p, change="modified", old_sha256=old_inputs[p], new_sha256=new_inputs[p])
        for p in sorted(old_inputs.keys() & new_inputs.keys())
        if old_inputs[p] != new_inputs[p]
    ]
    regressions = [
        f"{s.tool} ({s.purpose}): score {s.old_score:g} → {s.new_score:g}"
        for s in scores
        if s.delta is not None and s.delta < 0 and s.old_score is not None and s.new_score is not None
    ]
    regressions += [f"new high finding: {f.message}" for f in added if f.severity is Severity.HIGH and not f.accepted]
    return Comparison(
        old_plan=old.plan,
        new_plan=new.plan,
        old_date=old.assessed_on.isoformat(),
        new_date=new.assessed_on.isoformat(),
        catalog_changed=old.inputs.catalog_version != new.inputs.catalog_version,
        criteria_changed=old.inputs.criteria_sha256 != new.inputs.criteria_sha256,
        scores=scores,
        facts=facts,
        criteria=criteria,
        findings_added=added,
        findings_resolved=resolved,
        findings_newly_accepted=newly_accepted,
        inputs=inputs,
        regression=bool(regressions),
        regressions=regressions,
    )
