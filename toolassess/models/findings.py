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


class Severity(StrEnum):
    """How urgently a finding needs attention."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


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
