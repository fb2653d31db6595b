"""The Assessment: the one object every renderer renders (SPEC.md, schema_version 1)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from toolassess.models.base import Model
from toolassess.models.findings import Finding


class InputFile(Model):
    """An input the assessment was computed from, with its digest (auditors re-check these)."""

    path: str
    kind: Literal["plan", "catalog", "criteria", "profile", "components", "scenarios"]
    sha256: str
    layer: int | None = Field(None, description="catalogue files: 0 built-in, then each --catalog folder in order")


class Inputs(Model):
    """Everything needed to reproduce the assessment."""

    files: list[InputFile]
    catalog_version: str
    criteria_sha256: str
    tool_version: str
    stale_after_days: int = Field(description="facts checked longer ago than this are stale")
    max_order: int = Field(description="largest cut set searched")


class FactStatus(StrEnum):
    """How far a piece of evidence can be trusted."""

    SOURCED = "sourced"
    STALE = "stale"
    UNSOURCED = "unsourced"
    UNKNOWN = "unknown"


class EvidenceItem(Model):
    """A fact a criterion read, as recorded in the catalogue."""

    fact: str
    value: Any = None
    source: str | None = None
    checked: date | None = None
    status: FactStatus


class CriterionVerdict(StrEnum):
    """The outcome of one criterion for one tool."""

    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    UNKNOWN = "unknown"
    SKIPPED = "skipped"


class CriterionScore(Model):
    """One criterion applied to one tool: its level, why, and on which evidence."""

    id: str
    area: str
    score: float = Field(description="level reached (0–100); the unknown score when a fact is unknown")
    max: float
    weight: float = Field(description="weight after the profile's multipliers (0 when skipped)")
    verdict: CriterionVerdict
    explanation: str
    evidence: list[EvidenceItem]
    accepted: bool = Field(False, description="an unexpired accepted risk of the plan covers it")


class ToolScore(Model):
    """A tool's overall score (0–100), per category, with gates, rank and criteria."""

    tool: str
    rank: int
    score: float = Field(ge=0, le=100)
    categories: dict[str, float]
    gates_failed: list[str] = Field(description="gates failed and not covered by an accepted risk")
    gates_accepted: list[str] = Field(default_factory=list, description="gates failed but accepted by the plan")
    excluded: bool = Field(description="an 'exclude' gate failed: ranked after every tool that passes")
    unknowns: int
    keeps_rank: float | None = Field(None, description="share of weight draws (±spread) keeping this rank")
    ranks_first: float | None = Field(None, description="share of weight draws ranking this tool first")
    criteria: list[CriterionScore]


class FirstPlaceFlip(Model):
    """The smallest change of a single criterion weight that changes which tool ranks first."""

    criterion: str
    multiplier: float = Field(description="factor applied to that criterion's weight")
    new_first: str


class RankRobustness(Model):
    """How stable the ranking is when every weight varies at random (SMAA-style acceptability)."""

    samples: int
    spread: float = Field(description="each weight drawn uniformly in [1-spread, 1+spread] × its value")
    seed: int
    first_place_flip: FirstPlaceFlip | None


class ScoreResult(Model):
    """The ranked scores of a set of tools under one profile."""

    profile: str
    lang: Literal["fr", "en"]
    areas: list[str] = Field(default_factory=list, description="the criteria areas, in the criteria's order")
    scores: list[ToolScore]
    robustness: RankRobustness | None


class ScenarioOutcome(Model):
    """What a failure scenario takes down, and what survives per purpose."""

    id: str
    kind: Literal["generic", "incident"]
    title: str
    incident_date: date | None = Field(None, description="date of the replayed incident")
    source: str | None = Field(None, description="source of the replayed incident")
    failed_components: list[str]
    failed_tools: list[str]
    surviving: dict[str, list[str]]


class RedundancyResult(Model):
    """The plan as a fault tree: minimal cut sets per purpose, findings and scenario outcomes."""

    max_order: int
    cut_sets: dict[str, list[list[str]]] = Field(description="purpose → minimal cut sets up to max_order")
    findings: list[Finding]
    scenarios: list[ScenarioOutcome]


class ToolSheetEntry(Model):
    """What the report says about a tool besides its scores."""

    name: str
    kind: str
    deployment: str
    depends_on: str = Field(description="the fault tree as text")
    facts_sourced: int
    facts_stale: int
    facts_unsourced: int
    facts_unknown: int


class ComponentEntry(Model):
    """A component named by the assessment."""

    name: str
    kind: str


class ChannelEntry(Model):
    """A channel of the plan, as the report shows it."""

    tool: str
    purpose: list[str]
    role: str
    last_tested: date | None
    note: str | None


class AcceptedRiskEntry(Model):
    """An accepted risk of the plan and whether it is still in force on the assessment date."""

    what: str
    tools: list[str]
    reason: str
    accepted_by: str
    until: date
    expired: bool


class DependencyEdge(Model):
    """One arrow of the plan's dependency diagram: `source` needs `target` (alone, or as one alternative)."""

    source: str
    target: str
    alternative: bool = Field(description="target is one of several alternatives (an OR branch)")


class Assessment(Model):
    """Scores, findings and scenarios for one plan; identical inputs give byte-identical JSON."""

    schema_version: Literal[1] = 1
    plan: str
    organisation: str | None
    lang: Literal["fr", "en"]
    profile: str
    profile_title: str
    assessed_on: date = Field(description="the date facts' age and tests' age are measured from")
    inputs: Inputs
    channels: list[ChannelEntry]
    accepted_risks: list[AcceptedRiskEntry]
    scores: list[ToolScore]
    robustness: RankRobustness | None
    findings: list[Finding]
    cut_sets: dict[str, list[list[str]]]
    scenarios: list[ScenarioOutcome]
    tools: dict[str, ToolSheetEntry]
    components: dict[str, ComponentEntry]
    dependency_edges: list[DependencyEdge] = Field(description="the plan tools' fault trees, as edges")
    areas: dict[str, str] = Field(description="criteria area id → title in the report language")
    criteria_titles: dict[str, str] = Field(description="criterion id → title in the report language")
