"""The Assessment: the one object every renderer renders (SPEC.md; schema_version 2: rankings per purpose)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field

from toolassess.models.base import Model
from toolassess.models.catalog import FactOverride
from toolassess.models.findings import Finding, RootCause


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
    stale_after_days: int = Field(description="facts whose evidence is older than this are stale")
    max_order: int = Field(description="largest cut set searched")
    overrides: list[FactOverride] = Field(
        default_factory=list, description="built-in catalogue facts the institution's --catalog changes"
    )


class FactStatus(StrEnum):
    """How far a piece of evidence can be trusted."""

    SOURCED = "sourced"
    STALE = "stale"
    UNSOURCED = "unsourced"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not-applicable"


class EvidenceItem(Model):
    """A fact a criterion read, as recorded in the catalogue."""

    fact: str
    value: Any = None
    source: str | None = None
    source_kind: str | None = Field(None, description="vendor, law, regulator, press… (policy/sources.yaml)")
    checked: date | None = None
    as_of: date | None = Field(None, description="date the source speaks of, when it is dated")
    status: FactStatus


class CriterionVerdict(StrEnum):
    """The outcome of one criterion for one tool: met at a level, unknown, or not applicable — never confused."""

    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "not-applicable"


class CriterionScore(Model):
    """One criterion applied to one tool: its level, why, and on which evidence."""

    id: str
    area: str
    score: float | None = Field(description="level reached (0–100); none when unknown or not applicable")
    max: float
    weight: float = Field(description="weight after the profile's multipliers (0 when not applicable)")
    verdict: CriterionVerdict
    explanation: str
    evidence: list[EvidenceItem]
    unknown_facts: list[str] = Field(
        default_factory=list, description="facts whose absence leaves the criterion undecided (questions to ask)"
    )
    possible: list[float] = Field(
        default_factory=list, description="unknown: the level scores it can still reach once the facts are known"
    )
    accepted: bool = Field(False, description="an unexpired accepted risk of the plan covers it")


class GateOutcome(StrEnum):
    """What a gate says of one tool for one purpose."""

    PASSED = "passed"
    FAILED = "failed"
    ACCEPTED = "accepted"
    TO_VERIFY = "to-verify"
    OUTSIDE_SCOPE = "outside-scope"


class GateCheck(Model):
    """One gate of the profile applied to one tool for one purpose."""

    criterion: str
    action: Literal["warn", "exclude"]
    min_score: int
    outcome: GateOutcome
    ask: list[str] = Field(default_factory=list, description="to verify: the unknown facts to ask the vendor about")


class Eligibility(StrEnum):
    """Where the profile's gates leave a tool for one purpose (ranked in this order; outside scope: unranked)."""

    ELIGIBLE = "eligible"
    TO_VERIFY = "to-verify"
    EXCLUDED = "excluded"
    OUTSIDE_SCOPE = "outside-scope"


class PurposeScore(Model):
    """A tool's score and rank among the candidates serving one purpose."""

    purpose: str
    rank: int | None = Field(description="rank among the tools this purpose's gates govern; none outside scope")
    status: Eligibility
    score: float | None = Field(description="weighted mean over the known criteria (0–100); none if none is known")
    score_min: float = Field(description="the score if every unknown criterion turned out at 0")
    score_max: float = Field(description="the score if every unknown criterion turned out at 100")
    coverage: float = Field(ge=0, le=1, description="share of the applicable weight whose criteria are known")
    gates: list[GateCheck] = Field(description="the profile's gates that govern this purpose")
    keeps_rank: float | None = Field(None, description="share of weight draws (±spread) keeping this rank")
    ranks_first: float | None = Field(None, description="share of weight draws ranking this tool first")

    def gates_with(self, *outcomes: GateOutcome) -> list[str]:
        """The criteria of the gates with one of these outcomes."""
        return [gate.criterion for gate in self.gates if gate.outcome in outcomes]

    def gate_summary(self, titles: dict[str, str] | None = None) -> list[tuple[str, list[str]]]:
        """What the gates say, for a reader, in the order that matters, empty groups left out.

        excluded / warning (failed gates by action), to-verify (the facts to ask), accepted, outside-scope.
        Criteria by their `titles` when given (a report), else by id (a narrow terminal table).
        """
        names = titles or {}
        failed = [gate for gate in self.gates if gate.outcome is GateOutcome.FAILED]
        groups = [
            ("excluded", [gate.criterion for gate in failed if gate.action == "exclude"]),
            ("warning", [gate.criterion for gate in failed if gate.action == "warn"]),
            ("to-verify", list(dict.fromkeys(fact for gate in self.gates for fact in gate.ask))),
            ("accepted", self.gates_with(GateOutcome.ACCEPTED)),
            ("outside-scope", self.gates_with(GateOutcome.OUTSIDE_SCOPE)),
        ]
        return [
            (key, items if key == "to-verify" else [names.get(item, item) for item in items])
            for key, items in groups
            if items
        ]


class ToolScore(Model):
    """One candidate: its criteria, its area scores, and its score and rank for each purpose it serves."""

    tool: str
    kind: str
    categories: dict[str, float | None] = Field(description="area → score over its known criteria (none if none)")
    area_coverage: dict[str, float] = Field(
        default_factory=dict,
        description="area → share of its applicable weight that is known (a score on little of the area reads as such)",
    )
    unknowns: int = Field(description="criteria left unknown")
    not_applicable: int = Field(description="criteria that do not apply to this tool")
    purposes: list[PurposeScore] = Field(description="one entry per purpose the tool serves, in purpose order")
    criteria: list[CriterionScore]

    def for_purpose(self, purpose: str) -> PurposeScore | None:
        """This tool's entry in one purpose's ranking."""
        return next((p for p in self.purposes if p.purpose == purpose), None)


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


class Ranking(Model):
    """The candidates serving one purpose, in rank order, and those the profile does not govern for it."""

    purpose: str
    areas: list[str] = Field(default_factory=list, description="the areas with criteria that count for this purpose")
    ranked: list[str] = Field(description="tool ids from first to last")
    outside_scope: list[str] = Field(description="tools this purpose's gates do not govern: not ranked")
    robustness: RankRobustness | None


def ranking_rows(scores: list[ToolScore], ranking: Ranking) -> list[tuple[ToolScore, PurposeScore]]:
    """The tools of one ranking in rank order, each with its entry for that purpose (what renderers print)."""
    by_tool = {s.tool: s for s in scores}
    rows = []
    for tool in ranking.ranked:
        entry = by_tool[tool].for_purpose(ranking.purpose)
        assert entry is not None  # a ranked tool always has an entry for its purpose
        rows.append((by_tool[tool], entry))
    return rows


class ScoreResult(Model):
    """The scores of a set of tools under one profile, ranked per purpose."""

    profile: str
    lang: Literal["fr", "en"]
    areas: list[str] = Field(default_factory=list, description="the criteria areas, in the criteria's order")
    scores: list[ToolScore]
    rankings: list[Ranking]

    def rows(self, ranking: Ranking) -> list[tuple[ToolScore, PurposeScore]]:
        """The tools of one ranking in rank order, with their entry for its purpose."""
        return ranking_rows(self.scores, ranking)


class ScenarioOutcome(Model):
    """What a failure scenario takes down, and what survives per purpose."""

    id: str
    kind: Literal["generic", "incident"]
    title: str
    incident_date: date | None = Field(None, description="date of the replayed incident")
    blackout_hours: float | None = Field(None, description="length of the grid blackout it plays, if it plays one")
    source: str | None = Field(None, description="source of the replayed incident")
    failed_components: list[str]
    failed_tools: list[str]
    surviving: dict[str, list[str]] = Field(
        description="purpose → the channels that still serve it (degraded ones too)"
    )
    degraded: dict[str, list[str]] = Field(
        default_factory=dict, description="purpose → the surviving channels that only work degraded"
    )
    degraded_reasons: dict[str, list[str]] = Field(
        default_factory=dict, description="tool → why it is degraded, in the report language"
    )
    fallback: dict[str, list[str]] = Field(
        default_factory=dict, description="purpose → the plan's degraded-mode procedures left when no channel survives"
    )


class Inject(Model):
    """One timed event of an exercise and what the cell is expected to do."""

    minute: int = Field(description="minutes after the start of the exercise")
    event: str
    expected_action: str


class ExerciseCase(Model):
    """One cut set played as a sequence of injects."""

    title: str
    cut_set: list[str]
    lost_purposes: list[str]
    injects: list[Inject]


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
    facts_not_applicable: int


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


class WeakPoint(Model):
    """Something that silences a purpose of the plan: a small cut set or a scenario."""

    id: str = Field(description="cut:<components> or scenario:<id>")
    components: list[str] = Field(description="the components whose failure silences the purpose")
    down: list[str] = Field(description="every component down then: those, and all that depend on them")
    scenario: str | None = Field(None, description="the scenario's title, for a scenario")
    names: list[str] = Field(default_factory=list, description="the components' names in the report language")


class ProposedPower(Model):
    """Backup power the institution would run on its premises (a generator, a UPS) for what it keeps up there."""

    hours: float = Field(description="autonomy to plan for: the next whole day beyond the longest blackout it removes")
    keeps_up: list[str] = Field(description="on-site components of the purpose's channels it powers")
    names: list[str] = Field(description="what of them stands on site, in the report language")


class Proposal(Model):
    """Tools to add as channels for one purpose, and local measures, and what they remove."""

    power: ProposedPower | None = Field(None, description="backup power to install or extend, when it is part of it")
    tools: list[str]
    names: list[str] = Field(description="their names in the report language")
    ranks: list[int | None] = Field(description="each tool's rank for the purpose under the plan's profile")
    removes: list[str] = Field(description="ids of the weak points removed")
    remaining: list[str] = Field(description="ids of the weak points no catalogue tool removes with these")


class PurposeImprovement(Model):
    """One purpose: its weak points and the smallest sets of additions that remove them."""

    purpose: str
    weak_points: list[WeakPoint]
    proposals: list[Proposal]
    unremovable: list[str] = Field(description="weak points no eligible catalogue tool survives")
    candidates: int = Field(description="eligible catalogue tools searched")


class Assessment(Model):
    """Scores, findings and scenarios for one plan; identical inputs give byte-identical JSON."""

    schema_version: Literal[2] = 2
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
    rankings: list[Ranking] = Field(description="one ranking per purpose the candidates serve")
    findings: list[Finding]
    root_causes: list[RootCause] = Field(
        default_factory=list, description="the components behind the open points of failure and false redundancies"
    )
    cut_sets: dict[str, list[list[str]]]
    scenarios: list[ScenarioOutcome]
    exercise: list[ExerciseCase] = Field(
        default_factory=list, description="the worst cut sets as tabletop-exercise injects, in the plan's language"
    )
    improvements: list[PurposeImprovement] = Field(
        default_factory=list, description="per purpose: weak points and the smallest sets of tools that remove them"
    )
    tools: dict[str, ToolSheetEntry]
    components: dict[str, ComponentEntry]
    dependency_edges: list[DependencyEdge] = Field(description="the plan tools' fault trees, as edges")
    areas: dict[str, str] = Field(description="criteria area id → title in the report language")
    criteria_titles: dict[str, str] = Field(description="criterion id → title in the report language")

    def rows(self, ranking: Ranking) -> list[tuple[ToolScore, PurposeScore]]:
        """The tools of one ranking in rank order, with their entry for its purpose."""
        return ranking_rows(self.scores, ranking)
