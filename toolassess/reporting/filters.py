"""Formatting helpers for the report templates: dates, numbers and labels in the report's language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from toolassess.findings.facts import FACT_WORDS, fact_words
from toolassess.i18n import N_, colon, gettext_for, semicolon, short_date
from toolassess.models.assessment import Proposal, WeakPoint
from toolassess.models.base import short_name
from toolassess.reporting.transfer import TransferDraft, transfer_drafts

LABELS = {
    "communication": N_("communication"),
    "notification": N_("notification"),
    "public-information": N_("public information"),
    "primary": N_("primary"),
    "backup": N_("backup"),
    "high": N_("high"),
    "medium": N_("medium"),
    "low": N_("low"),
    "passed": N_("passed"),
    "partial": N_("partial"),
    "failed": N_("failed"),
    "accepted": N_("accepted"),
    "unknown": N_("unknown"),
    "not-applicable": N_("not applicable"),
    "eligible": N_("eligible"),
    "to-verify": N_("to verify"),
    "excluded": N_("excluded"),
    "outside-scope": N_("outside the profile's scope"),
    "sourced": N_("sourced"),
    "stale": N_("stale"),
    "unsourced": N_("unsourced"),
    "false-redundancy": N_("false redundancy"),
    "single-point-of-failure": N_("single point of failure"),
    "uncovered-purpose": N_("uncovered purpose"),
    "untested-channel": N_("untested channel"),
    "gate-failed": N_("gate failed"),
    "gate-to-verify": N_("gate to verify"),
    "stale-fact": N_("stale fact"),
    "unsourced-fact": N_("unsourced fact"),
    "surge-risk": N_("surge risk"),
    "hidden-dependency": N_("hidden dependency"),
    "evidence-after-date": N_("evidence after the assessment date"),
    "expired-certificate": N_("expired certificate"),
    "partner-unreachable": N_("partner unreachable"),
    "personal-device": N_("personal phones"),
    "unavailable-service": N_("service not open to the institution"),
    "vendor": N_("vendor"),
    "law": N_("law"),
    "regulator": N_("regulator"),
    "standard": N_("standards body"),
    "research": N_("research"),
    "press": N_("press"),
    "encyclopaedia": N_("encyclopaedia"),
    "aggregator": N_("aggregator"),
    "forbidden": N_("forbidden source"),
    "unclassified": N_("unclassified source"),
    "generic": N_("generic"),
    "incident": N_("documented incident"),
}


BREAK_EVERY = 8


CERTIFICATION_KINDS = {
    "product": N_("Product certification"),
    "service": N_("Cloud service qualification"),
    "provider": N_("Provider certification"),
    "accreditation": N_("Security accreditation (homologation)"),
    "other": N_("Other qualification"),
}
"""What a certificate vouches for: a product version evaluated by a security agency (CSPN, Common Criteria), a
cloud service qualified or attested (SecNumCloud, C5, FedRAMP), the provider's management system audited
(ISO/IEC 27001, SOC 2, HDS), or an information system accredited by its authority (homologation)."""

CERTIFICATIONS: dict[str, tuple[str, str]] = {
    "anssi-cspn": ("product", "CSPN (ANSSI)"),
    "bsi-common-criteria-eal2": ("product", "Common Criteria EAL2 (BSI)"),
    "bsi-it-sicherheitskennzeichen": ("product", "IT-Sicherheitskennzeichen (BSI)"),
    "secnumcloud": ("service", "SecNumCloud (ANSSI)"),
    "c5": ("service", "C5 (BSI)"),
    "fedramp-moderate": ("service", "FedRAMP Moderate"),
    "iso-27001": ("provider", "ISO/IEC 27001"),
    "iso-27017": ("provider", "ISO/IEC 27017"),
    "iso-27018": ("provider", "ISO/IEC 27018"),
    "iso-27701": ("provider", "ISO/IEC 27701"),
    "iso-22301": ("provider", "ISO 22301"),
    "soc2": ("provider", "SOC 2"),
    "hds": ("provider", "HDS"),
    "security-homologation": ("accreditation", ""),
    "rgs-homologation": ("accreditation", "RGS"),
}
"""A certification's catalogue name (its first word) → its kind and the name a reader knows; the rest of the
catalogue's text (a version, a scope) follows the name. The one place certifications are classified."""

CERTIFICATION_FACTS = {"certifications": "product", "security_qualifications": "other"}
"""Facts listing certifications → the kind of a name the table above does not know."""


FACT_QUESTIONS = {
    "owner": N_("Who operates the service?"),
    "owner_country": N_("In which country is the operator headquartered?"),
    "extraterritorial_laws": N_("Which foreign laws can compel access to the data?"),
    "hosting": N_("Where does the service run?"),
    "hosting_providers": N_("Which clouds or data centres host it?"),
    "self_hostable": N_("Can we run the server ourselves?"),
    "eu_hosting_option": N_("Can the data be kept in the EU/EEA?"),
    "security_qualifications": N_(
        "Which certifications does the provider hold for its organisation (ISO/IEC 27001, SOC 2, HDS), and which"
        " qualifications for its cloud service (SecNumCloud, C5)?"
    ),
    "e2ee_one_to_one": N_("Are one-to-one messages end-to-end encrypted?"),
    "e2ee_groups": N_("Are group messages end-to-end encrypted?"),
    "e2ee_calls": N_("Are calls end-to-end encrypted?"),
    "encryption_protocol": N_("Which encryption protocol is used?"),
    "open_source_clients": N_("Is the client source code published?"),
    "open_source_server": N_("Is the server source code published?"),
    "independent_audits": N_("Which independent security audits are published?"),
    "certifications": N_(
        "Which product certifications does the software hold (ANSSI CSPN, Common Criteria…), for which version,"
        " and until when?"
    ),
    "identifier_required": N_("What must a user give to have an account?"),
    "phone_number_visible_to_group": N_("Do group members see each other's phone numbers?"),
    "contact_upload": N_("Is the address book sent to the provider?"),
    "metadata_retained": N_("Which metadata (who, when, with whom) does the provider keep?"),
    "media_saved_to_gallery": N_("Do received photos and videos go to the phone's gallery by default?"),
    "read_receipts_default": N_("Are read receipts on by default?"),
    "last_seen_default": N_("Is the last-seen status visible by default?"),
    "disappearing_messages": N_("Can messages disappear automatically?"),
    "central_directory": N_("Does the institution manage a central directory of users?"),
    "sso": N_("Does it support single sign-on with our identity provider?"),
    "remote_revocation": N_("Can we revoke a user's access ourselves?"),
    "remote_wipe": N_("Can we wipe the app's data from a lost phone?"),
    "admin_console": N_("Is there an administration console?"),
    "retention_archiving": N_("Can conversations be retained and archived?"),
    "gdpr_role": N_("Is the provider our processor (Art. 28) or its own controller?"),
    "dpa_art28": N_("Does it offer a GDPR Art. 28 data-processing agreement?"),
    "eu_data_residency": N_("Is personal data stored in the EU/EEA?"),
    "transfers_outside_eu": N_("Does personal data leave the EU/EEA?"),
    "transfer_safeguards": N_("Which safeguards frame transfers (adequacy, DPF, standard clauses)?"),
    "data_subject_rights": N_("How are access, erasure and export requests served?"),
    "works_on_2g_edge": N_("Does it work over 2G/EDGE or very slow data?"),
    "bearers": N_("Over which networks does it work (data, Wi-Fi, SMS, satellite…)?"),
    "offline_mode": N_("What still works without the provider's servers?"),
    "desktop_without_phone": N_("Does the desktop version work without the phone online?"),
    "load_surge": N_("How did it behave under a surge of users?"),
    "public_sla": N_("Is there a service-level agreement with service credits?"),
    "sla_uptime_percent": N_("What availability does the SLA commit to?"),
    "documented_outages": N_("Which major outages has it had, and how long?"),
    "wakes_people": N_("Can it reliably wake a sleeping person?"),
    "overrides_do_not_disturb": N_("Does it ring through silent / Do Not Disturb?"),
    "push_dependency": N_("Which push services does it depend on?"),
    "federation": N_("How can external partners join?"),
    "external_guests": N_("Can people outside the institution join?"),
    "cost_model": N_("What does it cost, and how is it charged?"),
    "user_base": N_("How large is its user base?"),
}
"""The question a DPO puts to the vendor about an unknown fact (DPO report, "Questions to put to the vendors")."""


def weak_points_text(points: Sequence[WeakPoint], _: Callable[[str], str], separator: str = "; ") -> str:
    """What silences a purpose, as a planner reads it: single points by name, pairs counted, scenarios by title."""
    singles = [(p.names or p.components)[0] for p in points if len(p.components) == 1 and p.scenario is None]
    pairs = sum(1 for p in points if len(p.components) == 2 and p.scenario is None)
    parts = [", ".join(singles)] if singles else []
    if pairs:
        parts.append(_("{count} pair(s) of components").format(count=pairs))
    if any(not p.components and p.scenario is None for p in points):
        parts.append(_("no channel at all"))
    parts += [p.scenario for p in points if p.scenario]
    return separator.join(parts)


def proposal_text(proposal: Proposal, _: Callable[[str], str], number: Callable[[float], str]) -> str:
    """One proposal as a planner reads it: the backup power to install, then the tools to add (with their rank)."""
    parts = [f"{name} (#{rank})" if rank else name for name, rank in zip(proposal.names, proposal.ranks, strict=True)]
    if proposal.power is not None:
        what = "; ".join(proposal.power.names)
        parts.insert(
            0,
            _("backup power on site, {hours} h autonomy: {what}").format(hours=number(proposal.power.hours), what=what),
        )
    text = " + ".join(parts)
    return text[:1].upper() + text[1:]


def degraded_reasons(outcome: Any, purpose: str, separator: str = "; ") -> str:
    """Why the degraded channels of one purpose are degraded in a scenario, each reason once."""
    tools = outcome.degraded.get(purpose, [])
    return separator.join(dict.fromkeys(reason for tool in tools for reason in outcome.degraded_reasons.get(tool, [])))


def make_filters(lang: str) -> dict[str, Any]:
    """The template filters of one language."""
    _ = gettext_for(lang)

    def label(value: object) -> str:
        key = getattr(value, "value", value)
        return _(LABELS[key]) if isinstance(key, str) and key in LABELS else str(key)

    def long_date(value: date | None) -> str:
        return "—" if value is None else format_date(value, format="long", locale=lang)

    def day(value: date | None) -> str:
        return "—" if value is None else short_date(value, lang)

    def number(value: float | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        return format_decimal(
            round(value, digits), format="#,##0" + ("." + "0" * digits if digits else ""), locale=lang
        )

    def percent(value: float | None) -> str:
        return "—" if value is None else format_percent(value, locale=lang)

    def score_class(value: float | None) -> str:
        if value is None:
            return "s-none"
        return "s-good" if value >= 70 else "s-mid" if value >= 40 else "s-bad"

    def certifications(items: list[object], fact: str) -> str:
        """Listed certifications grouped by kind: "Product certification: CSPN (ANSSI); Provider certification: …"."""
        groups: dict[str, list[str]] = {}
        for item in items:
            first, _space, rest = str(item).partition(" ")
            kind, name = CERTIFICATIONS.get(first, (CERTIFICATION_FACTS[fact], first))
            groups.setdefault(kind, []).append(" ".join(part for part in (name, rest) if part))
        colon_ = colon(lang)
        return semicolon(lang).join(
            f"{_(CERTIFICATION_KINDS[kind])}{colon_} {', '.join(name for name in groups[kind] if name)}"
            if any(groups[kind])
            else _(CERTIFICATION_KINDS[kind])
            for kind in CERTIFICATION_KINDS
            if kind in groups
        )

    def fact_value(value: object, fact: str | None = None) -> str:
        if fact in CERTIFICATION_FACTS and isinstance(value, list) and value:
            return certifications(value, fact)
        if value is None:
            return _("unknown")
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            if value and isinstance(value[0], dict) and "summary" in value[0]:  # outages
                return semicolon(lang).join(f"{o.get('date')} {local_json(o.get('summary'))}" for o in value)
            if any(isinstance(v, dict) for v in value):  # texts in both languages
                return semicolon(lang).join(local_json(v) for v in value) or _("none")
            return ", ".join(str(v) for v in value) or _("none")
        if isinstance(value, dict):  # a text in both languages
            return local_json(value)
        if isinstance(value, float):
            return number(value, 2)
        return str(value)

    def breakable(value: str | None) -> Markup:
        """A URL escaped, with break opportunities after its separators (break-all is slow to lay out).

        At most one opportunity per BREAK_EVERY characters: a crafted "a/a/a/…" would otherwise give the layout
        engine thousands of them, and its time grows with their square.
        """
        parts: list[str] = []
        since = 0
        for character in str(value or "—"):
            parts.append(str(escape(character)))
            since += 1
            if character in "/?&=-_." and since >= BREAK_EVERY:
                parts.append("<wbr>")
                since = 0
        return Markup("".join(parts))

    def local_json(text: object) -> str:
        """A catalogue text as the JSON holds it: a plain string, or `{en, fr}`."""
        if isinstance(text, dict):
            return str(text.get(lang) or text.get("en") or "")
        return "" if text is None else str(text)

    def unique_sources(criteria: list[Any]) -> list[str]:
        """The distinct sources of a tool's evidence, in order of first use (the sheet's reference list)."""
        return list(dict.fromkeys(e.source for c in criteria for e in c.evidence if e.source))

    def source_kinds(criteria: list[Any]) -> dict[str, str]:
        """Each source of a tool's evidence → its kind under the source policy, in the report's language."""
        return {e.source: label(e.source_kind or "unclassified") for c in criteria for e in c.evidence if e.source}

    def fact_answer(answer: dict[str, Any] | None, fact: str | None = None) -> str:
        """A fact as a catalogue override lists it: its value, or that it is unknown / not applicable / absent."""
        if not answer:
            return _("not recorded")
        if "value" in answer:
            return fact_value(answer["value"], fact)
        if "not_applicable" in answer:
            return _("not applicable")
        return _("unknown")

    def weak_points(points: Sequence[WeakPoint], only: Sequence[str] | None = None, without: Sequence[str] = ()) -> str:
        chosen = [p for p in points if (only is None or p.id in only) and p.id not in without]
        return weak_points_text(chosen, _, semicolon(lang))

    def gate_names(assessment: Any) -> dict[str, str]:
        """What a gate summary names: criteria by title, the facts to ask by what a reader asks about."""
        return {**assessment.criteria_titles, **{name: _(words) for name, words in FACT_WORDS.items()}}

    def quoted(text: str) -> str:
        """A title quoted as the language quotes it (« … » in French, “…” in English)."""
        return f"«\u00a0{text}\u00a0»" if lang == "fr" else f"“{text}”"

    def proposal(value: Proposal) -> str:
        return proposal_text(value, _, number)

    def duration(minutes: int) -> str:
        """Minutes after the start of an exercise: "20 min", "8 h", "3 d 2 h"."""
        hours, rest = divmod(minutes, 60)
        days, hours = divmod(hours, 24)
        day = _("d")  # outside the f-string: the message extractor does not read calls inside one
        parts = [f"{days} {day}" if days else "", f"{hours} h" if hours else "", f"{rest} min" if rest else ""]
        return " ".join(p for p in parts if p) or "0"

    def question(fact: str) -> str:
        return _(FACT_QUESTIONS[fact]) if fact in FACT_QUESTIONS else fact

    def drafts(a: Any) -> list[TransferDraft]:
        """The draft transfer impact assessments of an assessment's tools (DPO report)."""
        return transfer_drafts(a.scores, {t: entry.name for t, entry in a.tools.items()}, lang, _, question, fact_value)

    return {
        "question": question,
        "transfer_drafts": drafts,
        "degraded_reasons": lambda outcome, purpose: degraded_reasons(outcome, purpose, semicolon(lang)),
        # a tool of the assessment by its short name (before its first bracket: tables stay compact), else its id
        "tool_name": lambda tool_id, a: short_name(a.tools[tool_id].name) if tool_id in a.tools else tool_id,
        "duration": duration,
        "weak_points": weak_points,
        "proposal": proposal,
        "gate_names": gate_names,
        "quoted": quoted,
        "fact_words": lambda names: fact_words(names, _),
        "source_kinds": source_kinds,
        "fact_answer": fact_answer,
        "unique_sources": unique_sources,
        "breakable": breakable,
        "label": label,
        "long_date": long_date,
        "short_date": day,
        "number": number,
        "percent": percent,
        "score_class": score_class,
        "fact_value": fact_value,
    }
