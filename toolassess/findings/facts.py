"""Findings on the facts behind the plan's tools: stale, unsourced, expired, later than the assessment, own phones."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from toolassess.i18n import N_, gettext_for, semicolon, short_date
from toolassess.models.assessment import (
    FactStatus,
)
from toolassess.models.findings import Finding, FindingKind, Severity
from toolassess.scoring.freshness import fact_status

if TYPE_CHECKING:
    from toolassess.findings.registry import FindingContext

FACT_WORDS: dict[str, str] = {
    "owner": N_("who runs the service"),
    "owner_country": N_("the owner's country"),
    "extraterritorial_laws": N_("foreign laws reaching the data"),
    "hosting": N_("where the service runs"),
    "hosting_providers": N_("its hosting providers"),
    "self_hostable": N_("whether the institution can host it"),
    "eu_hosting_option": N_("an EU hosting option"),
    "security_qualifications": N_("hosting and security qualifications"),
    "e2ee_one_to_one": N_("end-to-end encryption of one-to-one messages"),
    "e2ee_groups": N_("end-to-end encryption of group messages"),
    "e2ee_calls": N_("end-to-end encryption of calls"),
    "encryption_protocol": N_("the encryption protocol"),
    "open_source_clients": N_("published client code"),
    "open_source_server": N_("published server code"),
    "independent_audits": N_("independent audits"),
    "certifications": N_("product certifications"),
    "identifier_required": N_("what an account requires"),
    "phone_number_visible_to_group": N_("phone numbers visible to the group"),
    "contact_upload": N_("address-book upload"),
    "metadata_retained": N_("metadata the provider keeps"),
    "media_saved_to_gallery": N_("media saved to the phone's gallery"),
    "read_receipts_default": N_("read receipts by default"),
    "last_seen_default": N_("last-seen status by default"),
    "disappearing_messages": N_("disappearing messages"),
    "central_directory": N_("a directory the institution manages"),
    "sso": N_("single sign-on"),
    "remote_revocation": N_("remote revocation of access"),
    "remote_wipe": N_("remote wipe"),
    "admin_console": N_("an administration console"),
    "retention_archiving": N_("retention and archiving"),
    "gdpr_role": N_("the provider's GDPR role"),
    "dpa_art28": N_("an Art. 28 processing agreement"),
    "eu_data_residency": N_("data kept in the EU/EEA"),
    "transfers_outside_eu": N_("transfers outside the EU/EEA"),
    "transfer_safeguards": N_("the transfer safeguards"),
    "data_subject_rights": N_("how data subjects' rights are served"),
    "works_on_2g_edge": N_("use over 2G/EDGE"),
    "bearers": N_("the networks it runs on"),
    "offline_mode": N_("what works without its servers"),
    "desktop_without_phone": N_("desktop use without the phone"),
    "load_surge": N_("behaviour under a surge of users"),
    "public_sla": N_("a public service-level agreement"),
    "sla_uptime_percent": N_("the committed uptime"),
    "documented_outages": N_("documented outages"),
    "wakes_people": N_("whether it wakes people"),
    "overrides_do_not_disturb": N_("ringing through Do Not Disturb"),
    "push_dependency": N_("what it rings people through"),
    "federation": N_("how partners can join"),
    "external_guests": N_("external guests"),
    "cost_model": N_("the cost model"),
    "user_base": N_("the user base"),
}
"""Each fact as a reader asks about it (a DPO, a planner): reports never show a fact id in a sentence."""


def fact_words(names: Iterable[str], _: Callable[[str], str]) -> str:
    """Facts as a reader asks about them, in the report's language ("the transfer safeguards", not an id)."""
    return ", ".join(_(FACT_WORDS[name]) if name in FACT_WORDS else name for name in names)


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
                            tool=ctx.catalog.tool_name(tool_id, ctx.lang),
                            count=len(names),
                            what=words.format(days=ctx.stale_after_days),
                            facts=fact_words(names, _),
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
                            tool=ctx.catalog.tool_name(tool_id, ctx.lang),
                            items=", ".join(expired),
                            fact=fact_words([name], _),
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
