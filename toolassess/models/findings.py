"""Findings: what the analysis flags (SPEC.md kinds) and how severe it is."""

from enum import StrEnum

from pydantic import Field

from toolassess.models.base import Model


class FindingKind(StrEnum):
    """The kinds of finding an assessment reports."""

    FALSE_REDUNDANCY = "false-redundancy"
    SINGLE_POINT_OF_FAILURE = "single-point-of-failure"
    UNCOVERED_PURPOSE = "uncovered-purpose"
    UNTESTED_CHANNEL = "untested-channel"
    GATE_FAILED = "gate-failed"
    GATE_TO_VERIFY = "gate-to-verify"
    STALE_FACT = "stale-fact"
    UNSOURCED_FACT = "unsourced-fact"
    SURGE_RISK = "surge-risk"
    HIDDEN_DEPENDENCY = "hidden-dependency"
    EVIDENCE_AFTER_DATE = "evidence-after-date"
    EXPIRED_CERTIFICATE = "expired-certificate"
    PARTNER_UNREACHABLE = "partner-unreachable"
    PERSONAL_DEVICE = "personal-device"
    UNAVAILABLE_SERVICE = "unavailable-service"


class Severity(StrEnum):
    """How urgently a finding needs attention."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Finding(Model):
    """One thing the assessment flags, naming the tools and components involved."""

    kind: FindingKind
    severity: Severity
    tools: list[str] = Field(default_factory=list)
    components: list[str] = Field(default_factory=list)
    purpose: str | None = Field(None, description="the purpose it concerns, when it concerns one")
    scenarios: list[str] = Field(default_factory=list, description="uncovered purpose: the scenarios it is lost in")
    message: str
    accepted: bool = Field(False, description="covered by an unexpired accepted risk of the plan")


class RootCause(Model):
    """One component behind several findings, said once: the purposes it silences and the channels it couples."""

    component: str
    name: str = Field(description="in the report language")
    kind: str
    severity: Severity = Field(description="the worst of the findings it is behind")
    silences: list[str] = Field(description="purposes left without any channel when it fails")
    couples: list[list[str]] = Field(
        description="[tool, tool, …, purpose]: channels of one purpose that fail together through it"
    )
    degrades: str | None = Field(
        None, description="when its failure only degrades the channels it couples: how, in the report language"
    )
    backup_power_hours: float | None = Field(None, description="its own autonomy on backup power, when known")
    incidents: int = Field(0, description="documented outages of it in the catalogue")
    latest_incident: str | None = Field(None, description="date and summary of the latest, in the report language")
