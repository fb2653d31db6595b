"""Pure comparison of two assessments: scores, facts, criteria and weights, findings and inputs."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from toolassess.models.assessment import AcceptedRiskEntry, Assessment, GateOutcome
from toolassess.models.base import Model
from toolassess.models.catalog import FactOverride
from toolassess.models.findings import Finding, FindingKind, Severity


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


class FindingChange(Model):
    """A finding present in both assessments whose extent changed (e.g. the scenarios a purpose is lost in)."""

    before: Finding
    after: Finding


class Comparison(Model):
    """What changed between two assessments of the same (or a revised) plan."""

    old_plan: str
    new_plan: str
    old_date: str
    new_date: str
    warnings: list[str] = Field(description="differences that make the two assessments hard to compare")
    catalog_changed: bool
    criteria_changed: bool
    scores: list[ScoreChange]
    facts: list[FactChange]
    criteria: list[CriterionChange]
    findings_added: list[Finding]
    findings_resolved: list[Finding]
    findings_worsened: list[FindingChange]
    findings_improved: list[FindingChange]
    findings_newly_accepted: list[Finding]
    accepted_risks: list[AcceptedRiskEntry] = Field(description="the newer assessment's accepted risks, with expiry")
    old_overrides: list[FactOverride] = Field(description="built-in facts the older assessment's catalogue changed")
    new_overrides: list[FactOverride] = Field(description="built-in facts the newer assessment's catalogue changes")
    inputs: list[InputChange]
    regression: bool = Field(
        description="a real worsening: a score drop beyond the tolerance, a new or worsened high finding, a purpose"
        " lost in more scenarios"
    )
    regressions: list[str]
    improvements: list[str]


SCORE_TOLERANCE = 1.0
"""Score changes within ±1 point are rounding and re-weighting noise, neither regression nor improvement."""

# Findings about a structure of the plan keep their identity when the tools around them change: a single point of
# failure on internet access is the same finding whether WhatsApp or Tchap is the other channel.
_STRUCTURAL = {FindingKind.SINGLE_POINT_OF_FAILURE, FindingKind.UNCOVERED_PURPOSE}


def finding_identity(finding: Finding) -> tuple[object, ...]:
    """What makes two findings the same one across assessments (never their message, which carries every detail).

    Kind, purpose and root component, plus the tools involved unless the finding is about the plan's structure.
    """
    root = tuple(finding.components[:1]) if finding.kind in _STRUCTURAL else tuple(sorted(finding.components))
    tools = () if finding.kind in _STRUCTURAL else tuple(sorted(finding.tools))
    lost_for_no_channel = finding.kind is FindingKind.UNCOVERED_PURPOSE and not finding.scenarios
    return finding.kind.value, finding.purpose or "", root, tools, lost_for_no_channel


def _facts(assessment: Assessment) -> dict[tuple[str, str], dict[str, Any]]:
    facts: dict[tuple[str, str], dict[str, Any]] = {}
    for score in assessment.scores:
        for criterion in score.criteria:
            for evidence in criterion.evidence:
                facts[(score.tool, evidence.fact)] = evidence.model_dump(mode="json")
    return facts


def _weights(assessment: Assessment) -> dict[str, float]:
    """Each criterion's effective weight (a criterion not applicable to one tool weighs 0 there: take the largest)."""
    weights: dict[str, float] = {}
    for score in assessment.scores:
        for criterion in score.criteria:
            weights[criterion.id] = max(weights.get(criterion.id, 0.0), criterion.weight)
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
    old_findings = _by_identity(old.findings)
    new_findings = _by_identity(new.findings)
    added = [new_findings[k] for k in sorted(new_findings.keys() - old_findings.keys(), key=repr)]
    resolved = [old_findings[k] for k in sorted(old_findings.keys() - new_findings.keys(), key=repr)]
    kept = sorted(old_findings.keys() & new_findings.keys(), key=repr)
    worsened, improved = [], []
    for identity in kept:
        was, now = old_findings[identity], new_findings[identity]
        direction = _extent_change(was, now)
        if direction > 0:
            worsened.append(FindingChange(before=was, after=now))
        elif direction < 0:
            improved.append(FindingChange(before=was, after=now))
    newly_accepted = [new_findings[k] for k in kept if new_findings[k].accepted and not old_findings[k].accepted]
    inputs = _input_changes(old, new)
    regressions = [
        f"{s.tool} ({s.purpose}): score {s.old_score:g} → {s.new_score:g}"
        for s in scores
        if s.delta is not None and s.delta < -SCORE_TOLERANCE
    ]
    regressions += [f"new high finding: {f.message}" for f in added if f.severity is Severity.HIGH and not f.accepted]
    regressions += [
        f"worse: {change.after.message}"
        for change in worsened
        if change.after.severity is Severity.HIGH and not change.after.accepted
    ]
    improvements = [
        f"{s.tool} ({s.purpose}): score {s.old_score:g} → {s.new_score:g}"
        for s in scores
        if s.delta is not None and s.delta > SCORE_TOLERANCE
    ]
    improvements += [f"resolved: {f.message}" for f in resolved if f.severity is Severity.HIGH]
    improvements += [f"better: {change.after.message}" for change in improved]
    return Comparison(
        old_plan=old.plan,
        new_plan=new.plan,
        old_date=old.assessed_on.isoformat(),
        new_date=new.assessed_on.isoformat(),
        warnings=_warnings(old, new),
        catalog_changed=old.inputs.catalog_version != new.inputs.catalog_version,
        criteria_changed=old.inputs.criteria_sha256 != new.inputs.criteria_sha256,
        scores=scores,
        facts=facts,
        criteria=criteria,
        findings_added=added,
        findings_resolved=resolved,
        findings_worsened=worsened,
        findings_improved=improved,
        findings_newly_accepted=newly_accepted,
        accepted_risks=new.accepted_risks,
        old_overrides=old.inputs.overrides,
        new_overrides=new.inputs.overrides,
        inputs=inputs,
        regression=bool(regressions),
        regressions=regressions,
        improvements=improvements,
    )


def _by_identity(findings: list[Finding]) -> dict[tuple[object, ...], Finding]:
    return {finding_identity(f): f for f in findings}


_SEVERITY_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}


def _extent_change(before: Finding, after: Finding) -> int:
    """+1 when the same finding got worse (more severe, lost in more scenarios), -1 when better, 0 when alike."""
    severity = _SEVERITY_RANK[after.severity] - _SEVERITY_RANK[before.severity]
    if severity:
        return 1 if severity > 0 else -1
    old_lost, new_lost = set(before.scenarios), set(after.scenarios)
    if old_lost == new_lost:
        return 0
    if old_lost < new_lost:
        return 1
    if new_lost < old_lost:
        return -1
    return 1 if len(new_lost) > len(old_lost) else -1 if len(new_lost) < len(old_lost) else 0


def _warnings(old: Assessment, new: Assessment) -> list[str]:
    """What differs in how the two assessments were made (a difference in results may come from it)."""
    warnings = []
    for what, a, b in (
        ("profile", old.profile, new.profile),
        ("organisation", old.organisation or "—", new.organisation or "—"),
        ("language", old.lang, new.lang),
        ("catalogue version", old.inputs.catalog_version, new.inputs.catalog_version),
        ("tool version", old.inputs.tool_version, new.inputs.tool_version),
        ("schema version", str(old.schema_version), str(new.schema_version)),
    ):
        if a != b:
            warnings.append(f"different {what}: {a} → {b}")
    old_layers = sorted(f.path for f in old.inputs.files if f.kind == "catalog" and (f.layer or 0) > 0)
    new_layers = sorted(f.path for f in new.inputs.files if f.kind == "catalog" and (f.layer or 0) > 0)
    if old_layers != new_layers:
        warnings.append(
            f"different catalogue overrides: {', '.join(old_layers) or 'none'} → {', '.join(new_layers) or 'none'}"
        )

    def changed_facts(assessment: Assessment) -> set[tuple[str, str, str]]:
        return {(o.tool, o.fact, json.dumps(o.value, sort_keys=True)) for o in assessment.inputs.overrides}

    if changed_facts(old) != changed_facts(new):
        warnings.append(
            f"the institution's catalogue changes different built-in facts: {len(old.inputs.overrides)} before, "
            f"{len(new.inputs.overrides)} after (listed under 'Catalogue overrides')"
        )
    return warnings


def override_line(o: FactOverride) -> str:
    """One catalogue override as a line of text: tool, fact, built-in → used, and where."""

    def answer(fact: Any) -> str:
        if not fact:
            return "not recorded"
        if "value" in fact:
            return json.dumps(fact["value"], ensure_ascii=False)
        return "not applicable" if "not_applicable" in fact else "unknown"

    return f"{o.tool} {o.fact}: {answer(o.builtin)} → {answer(o.value)} ({o.file}:{o.line})"


def _input_changes(old: Assessment, new: Assessment) -> list[InputChange]:
    """Inputs matched by role: the plan with the plan whatever its path, other files by their recorded name."""

    def keyed(assessment: Assessment) -> dict[tuple[str, str], tuple[str, str]]:
        return {(f.kind, "" if f.kind == "plan" else f.path): (f.path, f.sha256) for f in assessment.inputs.files}

    before, after = keyed(old), keyed(new)
    changes = [
        InputChange(path=after[k][0], change="added", new_sha256=after[k][1])
        for k in sorted(after.keys() - before.keys())
    ]
    changes += [
        InputChange(path=before[k][0], change="removed", old_sha256=before[k][1])
        for k in sorted(before.keys() - after.keys())
    ]
    changes += [
        InputChange(
            path=after[k][0] if after[k][0] == before[k][0] else f"{before[k][0]} → {after[k][0]}",
            change="modified",
            old_sha256=before[k][1],
            new_sha256=after[k][1],
        )
        for k in sorted(before.keys() & after.keys())
        if before[k][1] != after[k][1]
    ]
    return changes
