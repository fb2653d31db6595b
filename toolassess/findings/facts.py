"""Findings on the facts behind the plan's tools: stale, unsourced, expired, later than the assessment, own phones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolassess.i18n import gettext_for, semicolon, short_date
from toolassess.models.assessment import (
    FactStatus,
)
from toolassess.models.findings import Finding, FindingKind, Severity
from toolassess.scoring.freshness import fact_status

if TYPE_CHECKING:
    from toolassess.findings.registry import FindingContext


def fact_findings(ctx: FindingContext) -> list[Finding]:
    """One finding per tool with stale facts and one per tool with unsourced facts."""
    _ = gettext_for(ctx.lang)
    findings = []
    for tool_id in ctx.plan_tools:
        recorded = ctx.catalog.tools[tool_id].facts.recorded()
        statuses = {name: fact_status(f, ctx.as_of, ctx.stale_after_days) for name, f in recorded.items()}
        for status, kind, words in (
            (FactStatus.STALE, FindingKind.STALE_FACT, _("resting on evidence more than {days} days old")),
            (FactStatus.UNSOURCED, FindingKind.UNSOURCED_FACT, _("recorded without a source")),
        ):
            names = sorted(name for name, s in statuses.items() if s is status)
            if names:
                findings.append(
                    Finding(
                        kind=kind,
                        severity=Severity.LOW,
                        tools=[tool_id],
                        message=_("{tool}: {count} fact(s) {what}: {facts}.").format(
                            tool=tool_id,
                            count=len(names),
                            what=words.format(days=ctx.stale_after_days),
                            facts=", ".join(names),
                        ),
                    )
                )
        for name, fact in recorded.items():
            expired = fact.expired_items(ctx.as_of)
            if expired:
                findings.append(
                    Finding(
                        kind=FindingKind.EXPIRED_CERTIFICATE,
                        severity=Severity.MEDIUM,
                        tools=[tool_id],
                        message=_("{tool}: {items} ({fact}) expired on {until}; scored as no longer held.").format(
                            tool=tool_id,
                            items=", ".join(expired),
                            fact=name,
                            until=", ".join(short_date(fact.valid_until[item], ctx.lang) for item in expired),
                        ),
                    )
                )
    return findings


def device_findings(ctx: FindingContext) -> list[Finding]:
    """Channels on staff's own phones, where the tool's facts make that matter.

    A private number to give, or an institution that cannot erase the app's data when a phone is lost or someone
    leaves. Managed or unstated devices give no finding (unknown is not failure).
    """
    _ = gettext_for(ctx.lang)
    findings = []
    for channel in ctx.plan.channels:
        if channel.device != "personal":
            continue
        facts = ctx.catalog.tools[channel.tool].facts
        reasons = []
        if facts.identifier_required is not None and facts.identifier_required.value == "phone-number":
            reasons.append(_("staff must use their private phone number"))
        if facts.remote_wipe is not None and facts.remote_wipe.value is False:
            reasons.append(_("the institution cannot erase its data from a lost phone or a leaver's"))
        if reasons:
            findings.append(
                Finding(
                    kind=FindingKind.PERSONAL_DEVICE,
                    severity=Severity.MEDIUM,
                    tools=[channel.tool],
                    message=_("{tool} runs on staff's own phones: {reasons}.").format(
                        tool=channel.tool, reasons=semicolon(ctx.lang).join(reasons)
                    ),
                )
            )
    return findings


def as_of_findings(ctx: FindingContext) -> list[Finding]:
    """One warning when the assessment is dated before evidence it uses (SOURCE_DATE_EPOCH in the past).

    The catalogue then describes the tools as they were later, not on the assessment's date.
    """
    _ = gettext_for(ctx.lang)
    later = [
        fact.evidence_date
        for tool_id in ctx.plan_tools
        for fact in ctx.catalog.tools[tool_id].facts.recorded().values()
        if fact.evidence_date is not None and fact.evidence_date > ctx.as_of
    ]
    if not later:
        return []
    return [
        Finding(
            kind=FindingKind.EVIDENCE_AFTER_DATE,
            severity=Severity.MEDIUM,
            message=_(
                "The assessment is dated {date}, but {count} fact(s) it uses rest on later evidence (up to {latest}): "
                "the catalogue describes these tools as they were then, not on {date}."
            ).format(date=short_date(ctx.as_of, ctx.lang), count=len(later), latest=short_date(max(later), ctx.lang)),
        )
    ]
