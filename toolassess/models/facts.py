"""The fact vocabulary of a tool profile: each fact is a sourced, dated value or an explicit unknown."""

from datetime import date
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import Field, model_validator

from toolassess.models.base import Bool, LocalText, Model

T = TypeVar("T")

SourceKind = Literal[
    "vendor", "law", "regulator", "standard", "research", "press", "encyclopaedia", "aggregator", "forbidden"
]
"""What a source is (docs/catalog-format.md, "Sources"): the first six are primary enough for an auditor,
encyclopaedias and aggregators only when nothing primary exists, forbidden never."""


class Fact(Model, Generic[T]):
    """One fact about a tool: a value with its source and check date, an explicit unknown, or not applicable.

    Unknown ("the catalogue does not know") and not applicable ("the question does not arise for this tool":
    end-to-end encryption of a siren) are different answers and are never confused: unknown lowers a score's
    coverage and asks a question of the vendor; not applicable removes the criterion from the tool's score.
    """

    value: T | None = Field(default=None, description="the fact's value (absent when unknown or not applicable)")
    unknown: LocalText | None = Field(default=None, description="why the fact is unknown")
    not_applicable: LocalText | None = Field(default=None, description="why the question does not arise for this tool")
    source: str | None = Field(default=None, min_length=1, description="URL or document title")
    checked: date | None = Field(default=None, description="date the source was read")
    as_of: date | None = Field(
        default=None, description="date the source speaks of (publication, revision, event), when it is dated"
    )
    valid_until: dict[str, date] = Field(
        default_factory=dict, description="expiry date of listed items (certificates, qualifications)"
    )
    note: LocalText | None = Field(default=None, description="nuance a reader needs")

    @model_validator(mode="after")
    def _one_answer(self) -> "Fact[T]":
        answers = [self.value is not None, self.unknown is not None, self.not_applicable is not None]
        if sum(answers) != 1:
            raise ValueError(
                "a fact needs exactly one of 'value', 'unknown' (with the reason) or 'not_applicable' (with the reason)"
            )
        if self.as_of is not None and self.checked is not None and self.as_of > self.checked:
            raise ValueError(
                f"'as_of' ({self.as_of}) is after 'checked' ({self.checked}): a source cannot speak of a later date"
            )
        if self.valid_until:
            items = self.value if isinstance(self.value, list) else []
            stray = sorted(set(self.valid_until) - {str(item) for item in items})
            if stray:
                raise ValueError(f"'valid_until' names {', '.join(stray)}, not in the fact's list")
        return self

    def current(self, on: date) -> "Fact[T]":
        """The fact as it stands on `on`: list items whose validity ended before that date are dropped."""
        expired = {item for item, until in self.valid_until.items() if until < on}
        if not expired or not isinstance(self.value, list):
            return self
        kept = [item for item in self.value if str(item) not in expired]
        return self.model_copy(update={"value": kept})

    def expired_items(self, on: date) -> list[str]:
        """Listed items (certificates) no longer valid on `on`."""
        return sorted(item for item, until in self.valid_until.items() if until < on)

    @property
    def evidence_date(self) -> date | None:
        """The date the evidence speaks of: `as_of` when the source is dated, else the date it was read."""
        return self.as_of or self.checked

    @property
    def is_not_applicable(self) -> bool:
        """True when the question does not arise for this tool (declared, with its reason)."""
        return self.not_applicable is not None

    @property
    def is_known(self) -> bool:
        """True when the fact has a value."""
        return self.value is not None


class Outage(Model):
    """A documented outage of a tool or component."""

    date: date
    summary: LocalText
    source: str = Field(min_length=1)
    hours: float | None = Field(default=None, ge=0, description="duration in hours, when known")


E2EE = Literal["default", "opt-in", "none"]
Text = Annotated[str, Field(min_length=1)]


class ToolFacts(Model):
    """Every fact a tool profile may record. Absent facts count as unknown (“not recorded”)."""

    # ownership, jurisdiction, hosting
    owner: Fact[Text] | None = Field(None, description="company or body that operates the service")
    owner_country: Fact[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] | None = Field(
        None, description="ISO 3166 alpha-2 country of the owner's headquarters"
    )
    extraterritorial_laws: Fact[list[Text]] | None = Field(
        None, description="laws giving a foreign state access to data (us-cloud-act, us-fisa-702, …); [] if none"
    )
    hosting: (
        Fact[
            Literal[
                "vendor-datacentres",
                "public-cloud",
                "self-hosted",
                "hybrid",
                "operator-network",
                "state-infrastructure",
            ]
        ]
        | None
    ) = Field(None, description="where the service runs in the profiled deployment")
    hosting_providers: Fact[list[Text]] | None = Field(None, description="clouds / data-centre providers used")
    self_hostable: Fact[Bool] | None = Field(None, description="the institution can run the server itself")
    eu_hosting_option: Fact[Bool] | None = Field(None, description="data can be kept in the EU/EEA")
    security_qualifications: Fact[list[Text]] | None = Field(
        None, description="hosting/security qualifications (secnumcloud, c5, hds, iso-27001, soc2, …)"
    )
    # encryption and openness
    e2ee_one_to_one: Fact[E2EE] | None = Field(None, description="end-to-end encryption of 1:1 messages")
    e2ee_groups: Fact[E2EE] | None = Field(None, description="end-to-end encryption of group messages")
    e2ee_calls: Fact[E2EE] | None = Field(None, description="end-to-end encryption of voice/video calls")
    encryption_protocol: Fact[Text] | None = Field(None, description="protocol (Signal Protocol, MLS, TLS only, …)")
    open_source_clients: Fact[Bool] | None = Field(None, description="client source code published")
    open_source_server: Fact[Bool] | None = Field(None, description="server source code published")
    independent_audits: Fact[list[LocalText]] | None = Field(
        None, description="published independent audits (a proper name, or {en, fr} when described)"
    )
    certifications: Fact[list[Text]] | None = Field(None, description="product certifications (anssi-cspn, …)")
    # identity and members' privacy
    identifier_required: Fact[Literal["phone-number", "email", "username", "institution-account", "none"]] | None = (
        Field(None, description="what a user must give to have an account")
    )
    phone_number_visible_to_group: Fact[Bool] | None = Field(
        None, description="group members see each other's phone numbers"
    )
    contact_upload: Fact[Literal["required", "optional", "none"]] | None = Field(
        None, description="the address book is sent to the provider"
    )
    metadata_retained: Fact[Literal["extensive", "limited", "minimal"]] | None = Field(
        None, description="metadata the provider keeps (who, when, with whom)"
    )
    media_saved_to_gallery: Fact[Bool] | None = Field(
        None, description="received media go to the device gallery by default"
    )
    read_receipts_default: Fact[Bool] | None = Field(None, description="read receipts on by default")
    last_seen_default: Fact[Bool] | None = Field(None, description="last-seen/online status visible by default")
    disappearing_messages: Fact[Bool] | None = Field(None, description="messages can auto-delete")
    # enterprise management
    central_directory: Fact[Bool] | None = Field(None, description="central directory managed by the institution")
    sso: Fact[Bool] | None = Field(None, description="single sign-on with the institution's identity provider")
    remote_revocation: Fact[Bool] | None = Field(None, description="the institution can revoke a user's access")
    remote_wipe: Fact[Bool] | None = Field(None, description="the institution can wipe the app's data")
    admin_console: Fact[Bool] | None = Field(None, description="an administration console exists")
    retention_archiving: Fact[Literal["managed", "export-only", "none"]] | None = Field(
        None, description="retention policies / archiving for record-keeping"
    )
    # GDPR
    gdpr_role: Fact[Literal["processor", "controller", "public-service", "self-hosted"]] | None = Field(
        None,
        description="the provider's role toward the institution: processor (Art. 28), its own controller, a public"
        " service whose controller is set by law and joined by convention, or self-hosted",
    )
    dpa_art28: Fact[Bool] | None = Field(None, description="a GDPR Art. 28 processing agreement is offered")
    eu_data_residency: Fact[Literal["default", "option", "no"]] | None = Field(
        None, description="personal data stored in the EU/EEA"
    )
    transfers_outside_eu: Fact[Bool] | None = Field(None, description="personal data leaves the EU/EEA")
    transfer_safeguards: Fact[list[Text]] | None = Field(None, description="eu-us-dpf, scc, bcr, adequacy, …")
    data_subject_rights: Fact[Literal["self-service", "on-request", "unclear"]] | None = Field(
        None, description="how access/erasure/export rights are served"
    )
    # resilience
    works_on_2g_edge: Fact[Bool] | None = Field(None, description="usable over 2G/EDGE or very slow data")
    bearers: Fact[list[Text]] | None = Field(None, description="mobile-data, wifi, gsm-voice, sms, satellite, …")
    offline_mode: Fact[Literal["none", "store-and-forward", "mesh", "local-network", "direct-mode"]] | None = Field(
        None, description="what works without the service's servers"
    )
    desktop_without_phone: Fact[Bool] | None = Field(None, description="desktop/web use works without the phone online")
    load_surge: Fact[Literal["robust", "degraded", "failed"]] | None = Field(
        None, description="documented behaviour under a surge of users"
    )
    public_sla: Fact[Bool] | None = Field(None, description="a public SLA with service credits exists")
    sla_uptime_percent: Fact[Annotated[float, Field(ge=0, le=100)]] | None = Field(
        None, description="the SLA's uptime commitment"
    )
    documented_outages: Fact[list[Outage]] | None = Field(None, description="major outages with dates")
    # notification
    wakes_people: Fact[Bool] | None = Field(None, description="can reliably wake a sleeping person")
    overrides_do_not_disturb: Fact[Literal["yes", "with-permission", "no"]] | None = Field(
        None, description="rings through silent / Do Not Disturb"
    )
    push_dependency: Fact[list[Literal["apple-apns", "google-fcm", "own-push", "sms", "voice", "none"]]] | None = Field(
        None, description="what it rings people through: Apple's or Google's push, its own push, SMS, a voice call"
    )
    # partners and cost
    federation: Fact[Literal["open-federation", "guest-access", "standard-protocol", "none"]] | None = Field(
        None, description="how external partners can join"
    )
    external_guests: Fact[Bool] | None = Field(None, description="people outside the institution can join")
    cost_model: Fact[LocalText] | None = Field(
        None, description="free, per-user subscription, self-hosted, … ({en, fr})"
    )
    user_base: Fact[LocalText] | None = Field(None, description="size or spread of the user base ({en, fr})")

    def on(self, day: date) -> "ToolFacts":
        """The facts as they stand on `day`: expired certificates and qualifications dropped from their lists."""
        changed = {
            name: fact.current(day)
            for name, fact in self.recorded().items()
            if fact.valid_until and fact.expired_items(day)
        }
        return self.model_copy(update=changed) if changed else self

    def recorded(self) -> dict[str, Fact[object]]:
        """The facts present in the profile, by name, in vocabulary order."""
        return {name: fact for name in type(self).model_fields if (fact := getattr(self, name)) is not None}


FACT_NAMES: tuple[str, ...] = tuple(ToolFacts.model_fields)
"""Every fact name of the vocabulary, in order (criteria may only read these)."""


def _shape(annotation: object) -> str:
    """'list', 'number', 'bool' or 'text': the kind of value a fact holds (read from its annotation)."""
    import typing

    fact_type = next(a for a in typing.get_args(annotation) if a is not type(None))
    value_type = fact_type.__pydantic_generic_metadata__["args"][0]
    while typing.get_origin(value_type) is typing.Annotated:
        value_type = typing.get_args(value_type)[0]
    if typing.get_origin(value_type) is list:
        return "list"
    if value_type is float:
        return "number"
    if value_type is bool:
        return "bool"
    return "text"


FACT_SHAPES: dict[str, str] = {name: _shape(field.annotation) for name, field in ToolFacts.model_fields.items()}
"""Fact name → the kind of value it holds, so a rule's operator can be checked when criteria load."""
