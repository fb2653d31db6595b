"""Findings about the profile's gates: a tool that fails one, or one the catalogue cannot decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolassess.findings.facts import fact_words
from toolassess.i18n import gettext_for
from toolassess.models.assessment import (
    GateOutcome,
)
from toolassess.models.findings import Finding, FindingKind, Severity

if TYPE_CHECKING:
    from toolassess.findings.registry import FindingContext


def gate_findings(ctx: FindingContext) -> list[Finding]:
    """A finding per gate a tool fails (accepted ones marked), and per gate the catalogue cannot decide.

    A gate on an unknown fact is never a failure: it is "to verify", with the facts to ask the vendor about.
    A gate checked for several purposes gives one finding.
    """
    if ctx.scores is None or ctx.criteria is None:  # a redundancy-only analysis scores nothing
        return []
    _ = gettext_for(ctx.lang)
    lang = ctx.lang
    profile = ctx.criteria.profile(ctx.plan.profile)
    gates = {gate.criterion: gate for gate in profile.gates}
    titles = {criterion.id: criterion.title.get(lang) for _area, criterion in ctx.criteria.criteria()}
    findings = []
    for score in ctx.scores.scores:
        checks = {
            (check.criterion, check.outcome): check
            for entry in score.purposes
            for check in entry.gates
            if check.outcome in (GateOutcome.FAILED, GateOutcome.ACCEPTED, GateOutcome.TO_VERIFY)
        }
        for (criterion_id, outcome), check in checks.items():
            gate = gates[criterion_id]
            result = next(c for c in score.criteria if c.id == criterion_id)
            if outcome is GateOutcome.TO_VERIFY:
                findings.append(
                    Finding(
                        kind=FindingKind.GATE_TO_VERIFY,
                        severity=Severity.MEDIUM if gate.action == "exclude" else Severity.LOW,
                        tools=[score.tool],
                        message=_(
                            "{tool}: the gate “{criterion}” of the profile “{profile}” cannot be checked — the "
                            "catalogue does not know {facts}. To verify with the vendor before relying on it."
                        ).format(
                            tool=ctx.catalog.tool_name(score.tool, lang),
                            criterion=titles.get(criterion_id, criterion_id),
                            profile=profile.title.get(lang),
                            facts=fact_words(check.ask, _),
                        ),
                    )
                )
                continue
            action = _("excluded") if gate.action == "exclude" else _("warning")
            findings.append(
                Finding(
                    kind=FindingKind.GATE_FAILED,
                    severity=Severity.HIGH if gate.action == "exclude" else Severity.MEDIUM,
                    tools=[score.tool],
                    accepted=outcome is GateOutcome.ACCEPTED,
                    message=_(
                        "{tool} fails the gate “{criterion}” of the profile “{profile}” ({action}): {explanation} "
                        "(needs {needed}, has {score}). {reason}."
                    ).format(
                        tool=ctx.catalog.tool_name(score.tool, lang),
                        criterion=titles.get(criterion_id, criterion_id),
                        profile=profile.title.get(lang),
                        action=action,
                        explanation=result.explanation,
                        needed=gate.min_score,
                        score=f"{result.score:g}"
                        if result.score is not None
                        else f"≤ {max(result.possible, default=0):g}",
                        reason=_sentence(gate.reason.get(lang)),
                    ),
                )
            )
    return findings


def _sentence(text: str) -> str:
    """A reason written in lower case, as the start of a sentence."""
    return text[:1].upper() + text[1:]
