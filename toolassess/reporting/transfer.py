"""Draft transfer impact assessments (DPO report): the CNIL guide's six steps written as sentences for each tool.

Each step says what the catalogue knows (criteria explanations and facts, in the report's language), what must
be asked of the provider (the unknown facts, as questions) and what the DPO does. No fact id reaches the reader:
the tool sheets keep them, beside their sources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from toolassess.i18n import N_, short_date
from toolassess.models.assessment import CriterionScore, CriterionVerdict, EvidenceItem, FactStatus, ToolScore

SAFEGUARDS = {
    "adequacy": N_("an adequacy decision of the European Commission"),
    "eu-us-dpf": N_("the EU-US Data Privacy Framework (an adequacy decision for certified US companies)"),
    "scc": N_("the standard contractual clauses"),
    "bcr": N_("binding corporate rules"),
}
"""Chapter V transfer tools, as a DPO names them (others are shown as the catalogue writes them)."""

LAWS = {
    "us-cloud-act": N_("the US CLOUD Act"),
    "us-fisa-702": N_("section 702 of the US Foreign Intelligence Surveillance Act (FISA)"),
}
"""Extraterritorial laws, as a DPO names them (others are shown as the catalogue writes them)."""

HOSTING = {
    "vendor-datacentres": N_("The service runs in the provider's own data centres."),
    "public-cloud": N_("The service runs in a public cloud."),
    "self-hosted": N_("The service runs on the institution's own servers."),
    "hybrid": N_("The service runs partly on the institution's servers, partly at the provider."),
    "operator-network": N_("The service runs on the telecom operators' networks."),
    "state-infrastructure": N_("The service runs on State infrastructure."),
}

ROLES = {
    "processor": N_("The provider acts as the institution's processor."),
    "controller": N_("The provider acts as its own controller, not as the institution's processor."),
    "public-service": N_("The service is a public service whose controller is set by law."),
    "self-hosted": N_("The institution runs the server itself and is the controller."),
}

ROLE_TODO = {
    "processor": N_(
        "sign the provider's Art. 28 agreement and standard contractual clauses where needed; document the measures."
    ),
    "controller": N_(
        "the provider is its own controller: no Art. 28 agreement can frame its processing — document the legal"
        " basis of the use, inform staff, and prefer a processor for personal data."
    ),
    "public-service": N_(
        "the controller is set by law: the convention with the operating body frames the use; check its"
        " data-protection clauses."
    ),
    "self-hosted": N_(
        "the institution is the controller of its own server: document the processing in its record and its"
        " hosting's location."
    ),
}


@dataclass(frozen=True)
class TransferStep:
    """One step of the CNIL guide for one tool."""

    title: str
    known: list[str] = field(default_factory=list)
    """What the catalogue knows, as sentences in the report's language."""
    ask: list[str] = field(default_factory=list)
    """Questions to put to the provider (the facts the catalogue does not know)."""
    todo: str = ""
    """What the DPO does at this step."""


@dataclass(frozen=True)
class TransferDraft:
    """The draft transfer impact assessment of one tool."""

    tool: str
    """The tool's name."""
    steps: list[TransferStep]


def needs_assessment(score: ToolScore) -> bool:
    """True when the tool's data leaves the EU/EEA (or may), or its provider is exposed to a foreign law."""
    criteria = {c.id: c for c in score.criteria}
    transfers, exposure = criteria.get("gdpr-transfers"), criteria.get("extraterritorial-exposure")
    if transfers is None or transfers.verdict is CriterionVerdict.NOT_APPLICABLE:
        return False
    return (
        transfers.score is None
        or transfers.score < 100
        or (exposure is not None and (exposure.score is None or exposure.score < 100))
    )


class _Writer:
    """The sentences of one tool's draft, in one language."""

    def __init__(
        self,
        score: ToolScore,
        lang: str,
        gettext: Callable[[str], str],
        question: Callable[[str], str],
        value: Callable[[object], str],
    ) -> None:
        self.lang, self._, self.question, self.value = lang, gettext, question, value
        self.criteria: dict[str, CriterionScore] = {c.id: c for c in score.criteria}
        self.evidence: dict[str, EvidenceItem] = {}
        for criterion in score.criteria:
            for item in criterion.evidence:
                self.evidence.setdefault(item.fact, item)

    def fact(self, name: str) -> Any:
        """The fact's value, or None when it is unknown or not recorded."""
        item = self.evidence.get(name)
        return None if item is None else item.value

    def level(self, criterion: str) -> str | None:
        """The level a criterion reached, in words (None when unknown or not applicable)."""
        c = self.criteria.get(criterion)
        if c is None or c.verdict in (CriterionVerdict.UNKNOWN, CriterionVerdict.NOT_APPLICABLE):
            return None
        return c.explanation

    def asks(self, *facts: str) -> list[str]:
        """The questions for those facts the catalogue does not know."""
        return [
            self.question(name)
            for name in facts
            if (item := self.evidence.get(name)) is not None
            and item.value is None
            and item.status is FactStatus.UNKNOWN
        ]

    def names(self, values: list[Any], known: dict[str, str]) -> str:
        """Listed ids in words ("a, b and c"), each from `known` when it has a name there."""
        words = [self._(known[str(v)]) if str(v) in known else self.value(v) for v in values]
        if len(words) < 2:
            return "".join(words)
        return self._("{items} and {last}").format(items=", ".join(words[:-1]), last=words[-1])

    def know_the_transfer(self) -> TransferStep:
        _ = self._
        known = []
        if (residency := self.level("gdpr-eu-residency")) is not None:
            known.append(_("Storage: {level}.").format(level=residency))
        leaves = self.fact("transfers_outside_eu")
        if leaves is not None:
            known.append(_("Personal data leaves the EU/EEA.") if leaves else _("Personal data stays in the EU/EEA."))
        hosting = self.fact("hosting")
        if hosting in HOSTING:
            known.append(_(HOSTING[hosting]))
        if providers := self.fact("hosting_providers"):
            known.append(_("Hosting providers named: {names}.").format(names=self.value(providers)))
        return TransferStep(
            _("Know the transfer"),
            known,
            self.asks("transfers_outside_eu", "eu_data_residency", "hosting", "hosting_providers"),
            _(
                "describe in the record of processing the data that leaves (messages, attachments, metadata,"
                " contacts), its recipients and their countries, and any onward transfer; have the provider"
                " confirm the list of its sub-processors."
            ),
        )

    def transfer_tool(self) -> TransferStep:
        _ = self._
        leaves = self.fact("transfers_outside_eu")
        safeguards = self.fact("transfer_safeguards")
        known = []
        if leaves is False:
            known.append(_("The provider declares no transfer outside the EU/EEA: no transfer tool is needed."))
        if safeguards:
            known.append(_("The provider relies on {tools}.").format(tools=self.names(safeguards, SAFEGUARDS)))
        elif safeguards == [] and leaves:
            known.append(_("The provider documents no transfer tool."))
        if leaves is False:
            todo = _("check in the contract that the provider commits to keeping the data in the EU/EEA.")
        elif safeguards is None and leaves is None:
            todo = _(
                "if data leaves the EU/EEA (step 1), obtain from the provider the Chapter V tool that frames the"
                " transfer before going further."
            )
        elif safeguards is None:
            todo = _("obtain from the provider the Chapter V tool that frames the transfer before going further.")
        elif not safeguards:
            todo = _(
                "without a Chapter V tool the transfer cannot lawfully take place: do not use the tool for personal"
                " data until the provider offers one."
            )
        elif {"scc", "bcr"} & set(map(str, safeguards)):
            todo = _(
                "obtain the clauses (or rules) signed with the contract, in the module that fits the relationship,"
                " and check that they cover every recipient and onward transfer."
            )
        elif not set(map(str, safeguards)) <= {"adequacy", "eu-us-dpf"}:  # a tool this table does not name
            todo = _(
                "check which Chapter V tool the provider's terms name and whether it fits the transfer: a derogation"
                " of Art. 49 serves occasional transfers only; standard clauses and binding corporate rules need the"
                " assessment of steps 3 and 4."
            )
        else:
            todo = _(
                "an adequacy decision needs no transfer impact assessment: check that it still applies (for the"
                " Data Privacy Framework, that the recipient is on the certified list) and keep the proof; steps 3"
                " and 4 prepare for its possible invalidation."
            )
        return TransferStep(_("Identify the transfer tool"), known, self.asks("transfer_safeguards"), todo)

    def destination_law(self) -> TransferStep:
        _ = self._
        known = []
        if country := self.fact("owner_country"):
            from babel import Locale

            name = Locale.parse(self.lang).territories.get(str(country), str(country))
            known.append(_("Provider's home country: {country}.").format(country=name))
        laws = self.fact("extraterritorial_laws")
        if laws:
            known.append(
                _("Laws that can compel the provider to hand over data: {laws}.").format(laws=self.names(laws, LAWS))
            )
        elif laws == []:
            known.append(_("No extraterritorial law is known to reach the provider."))
        if (exposure := self.level("extraterritorial-exposure")) is not None:
            known.append(_("Assessment: {level}.").format(level=exposure))
        if laws:
            todo = _(
                "assess whether these laws and the authorities' practice undermine the transfer tool, with the"
                " CNIL guide's sources on the country and the provider's transparency reports (requests received,"
                " data disclosed); record the conclusion."
            )
        else:
            todo = _("check that no parent company, subsidiary or sub-processor brings the data under a foreign law.")
        return TransferStep(
            _("Assess the law and practice of the destination"),
            known,
            self.asks("owner_country", "extraterritorial_laws"),
            todo,
        )

    def supplementary_measures(self) -> TransferStep:
        _ = self._
        known = []
        for criterion, sentence in (
            ("e2ee-one-to-one", N_("One-to-one messages: {level}.")),
            ("e2ee-groups", N_("Group messages: {level}.")),
            ("minimal-metadata", N_("Metadata kept by the provider: {level}.")),
        ):
            if (level := self.level(criterion)) is not None:
                known.append(_(sentence).format(level=level))
        encryption = [self.fact("e2ee_one_to_one"), self.fact("e2ee_groups")]
        if self.fact("gdpr_role") == "self-hosted":
            todo = _(
                "the institution runs the server, so the content stays under its control: frame what still goes"
                " through the vendor (push notifications, licence checks, support access) and keep message content"
                " out of push notifications."
            )
        elif None in encryption:
            todo = _(
                "ask the provider how content and metadata are encrypted and who holds the keys before choosing"
                " measures."
            )
        elif all(e == "default" for e in encryption):
            todo = _(
                "content is end-to-end encrypted with keys the provider does not hold: record it as the technical"
                " measure. Metadata stays readable: keep sensitive information out of group names and profiles."
            )
        else:
            todo = _(
                "the provider can read the content: contractual and organisational measures alone do not stop"
                " access under the laws of step 3. Keep sensitive personal data (health, social, judicial) out of"
                " this tool, or choose a tool with end-to-end encryption."
            )
        return TransferStep(
            _("Identify supplementary measures"),
            known,
            self.asks("e2ee_one_to_one", "e2ee_groups", "metadata_retained"),
            todo,
        )

    def procedural_steps(self) -> TransferStep:
        _ = self._
        known = []
        role = self.fact("gdpr_role")
        if role in ROLES:
            known.append(_(ROLES[role]))
        agreement = self.fact("dpa_art28")
        if agreement is not None and role != "self-hosted":
            known.append(
                _("It offers an Art. 28 data-processing agreement.")
                if agreement
                else _("It offers no Art. 28 data-processing agreement.")
            )
        todo = (
            _(ROLE_TODO[role])
            if role in ROLE_TODO
            else _(
                "ask the provider for its role (processor or controller) and, if processor, for its Art. 28 agreement"
                " and standard contractual clauses."
            )
        )
        return TransferStep(_("Take the procedural steps"), known, self.asks("gdpr_role", "dpa_art28"), todo)

    def reevaluate(self) -> TransferStep:
        _ = self._
        read = (
            "transfers_outside_eu",
            "eu_data_residency",
            "hosting",
            "transfer_safeguards",
            "owner_country",
            "extraterritorial_laws",
            "e2ee_one_to_one",
            "e2ee_groups",
            "metadata_retained",
            "gdpr_role",
            "dpa_art28",
        )
        items = [item for name in read if (item := self.evidence.get(name)) is not None and item.value is not None]
        dates: list[date] = sorted(d for item in items if (d := item.as_of or item.checked) is not None)
        known = []
        if dates:
            first, last = short_date(dates[0], self.lang), short_date(dates[-1], self.lang)
            known.append(
                _("The facts above date from {first} to {last}.").format(first=first, last=last)
                if first != last
                else _("The facts above date from {day}.").format(day=first)
            )
        doubtful = sum(1 for item in items if item.status in (FactStatus.STALE, FactStatus.UNSOURCED))
        if doubtful:
            known.append(
                _("Stale or unsourced among them: {count}; confirm them with the provider.").format(count=doubtful)
            )
        return TransferStep(
            _("Re-evaluate"),
            known,
            [],
            _(
                "re-assess at least yearly, when the provider changes its sub-processors, hosting or terms, and when"
                " the catalogue facts change (toolassess compare)."
            ),
        )


def transfer_drafts(
    scores: list[ToolScore],
    names: dict[str, str],
    lang: str,
    gettext: Callable[[str], str],
    question: Callable[[str], str],
    value: Callable[[object], str],
) -> list[TransferDraft]:
    """The draft of each tool whose data leaves the EU/EEA or whose provider a foreign law reaches, in order."""
    drafts = []
    for score in scores:
        if not needs_assessment(score):
            continue
        writer = _Writer(score, lang, gettext, question, value)
        drafts.append(
            TransferDraft(
                names.get(score.tool, score.tool),
                [
                    writer.know_the_transfer(),
                    writer.transfer_tool(),
                    writer.destination_law(),
                    writer.supplementary_measures(),
                    writer.procedural_steps(),
                    writer.reevaluate(),
                ],
            )
        )
    return drafts
