"""Portfolio mode: many plans assessed in parallel, one report each, and what the plans have in common.

Aggregates read only a digest of each Assessment (pure), so the portfolio report can be rebuilt from the
plans' JSON reports; the parent never holds every Assessment at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Literal

from pydantic import Field

from toolassess.models.assessment import Assessment, ComponentEntry, ToolSheetEntry
from toolassess.models.base import Model, short_name
from toolassess.models.catalog import reachable
from toolassess.models.findings import Finding, FindingKind


class Share(Model):
    """How many plans have something, and which."""

    key: str
    name: str
    kind: str = Field(description="tool or component kind")
    plans: int
    share: float = Field(description="plans / all plans")


class SharedFalseRedundancy(Model):
    """A false redundancy found in several plans."""

    tools: list[str]
    components: list[str]
    plans: int


class PlanLine(Model):
    """One plan of the portfolio in one line."""

    plan: str
    file: str
    high_findings: int
    uncovered: list[str] = Field(description="messages of uncovered-purpose findings")
    never_tested: list[str] = Field(description="channels never tested")
    first_by_purpose: dict[str, str] = Field(description="purpose → the candidate ranked first for it")
    scenarios_lost: dict[str, int] = Field(
        default_factory=dict, description="purpose → how many of the scenarios leave it without a channel"
    )
    blackout_lost_at: dict[str, float | None] = Field(
        default_factory=dict,
        description="purpose → the shortest grid blackout played that silences it (none: it survives the longest)",
    )


class FailedPlan(Model):
    """A plan of the portfolio that could not be assessed, with the one-line reason."""

    file: str
    error: str


class Portfolio(Model):
    """What the plans of a portfolio rely on, and the weaknesses they share."""

    lang: Literal["fr", "en"] = Field(description="the report's language (names of tools and components in it)")
    plans: int
    failed: list[FailedPlan] = Field(default_factory=list, description="plans that could not be assessed")
    tool_usage: list[Share]
    backup_concentration: list[Share] = Field(description="components that the plans' backup channels depend on")
    false_redundancies: list[SharedFalseRedundancy]
    plans_with_uncovered_purpose: int
    plans_never_tested: int
    lines: list[PlanLine]
    names: dict[str, str] = Field(
        default_factory=dict, description="id → name in the report's language, for every tool and component listed"
    )

    def named(self, ids: list[str]) -> list[str]:
        """Tools or components as the report's tables name them: short names (an id only when no plan named it)."""
        return [short_name(self.names.get(key, key)) for key in ids]


INFRASTRUCTURE = {"power", "mobile-network", "fixed-network", "internet"}
"""Component kinds nearly every plan shares; listed after vendor platforms, clouds and push services."""


class PlanDigest(Model):
    """What the portfolio keeps of one assessment (the whole Assessment is ~1.5 MB in memory per plan)."""

    file: str
    plan: str
    lang: Literal["fr", "en"]
    assessed_on: date
    tools_used: list[str] = Field(description="the tools of the plan's channels")
    backup_components: list[str] = Field(description="everything the backup channels depend on")
    never_tested: list[str]
    names: dict[str, str] = Field(description="tool and component id → name, for those listed above")
    kinds: dict[str, str]
    findings: list[Finding]
    first_by_purpose: dict[str, str] = Field(description="purpose → the candidate ranked first for it")
    scenarios_lost: dict[str, int] = Field(default_factory=dict)
    blackout_lost_at: dict[str, float | None] = Field(default_factory=dict)


def _closure(assessment: Assessment, tool: str) -> set[str]:
    below: dict[str, list[str]] = {}
    for edge in assessment.dependency_edges:
        below.setdefault(edge.source, []).append(edge.target)
    return reachable(below, tool)


def digest(file: str, assessment: Assessment) -> PlanDigest:
    """The part of an assessment the portfolio aggregates (pure: rebuildable from assessment JSON files)."""
    tools_used = list(dict.fromkeys(c.tool for c in assessment.channels))
    backup_components: set[str] = set()
    for channel in assessment.channels:
        if channel.role == "backup":
            backup_components |= _closure(assessment, channel.tool)
    entries: dict[str, ComponentEntry | ToolSheetEntry] = {**assessment.components, **assessment.tools}
    coupling = sorted({c for f in assessment.findings if f.kind is FindingKind.FALSE_REDUNDANCY for c in f.components})
    named = [key for key in dict.fromkeys([*tools_used, *sorted(backup_components), *coupling]) if key in entries]
    purposes = list(dict.fromkeys(p for o in assessment.scenarios for p in o.surviving))
    return PlanDigest(
        file=file,
        plan=assessment.plan,
        lang=assessment.lang,
        assessed_on=assessment.assessed_on,
        tools_used=tools_used,
        backup_components=sorted(backup_components),
        never_tested=[c.tool for c in assessment.channels if c.last_tested is None],
        names={key: entries[key].name for key in named},
        kinds={key: entries[key].kind for key in named},
        findings=assessment.findings,
        first_by_purpose={r.purpose: r.ranked[0] for r in assessment.rankings if r.ranked},
        scenarios_lost={p: sum(1 for o in assessment.scenarios if not o.surviving[p]) for p in purposes},
        blackout_lost_at={
            p: min(
                (o.blackout_hours for o in assessment.scenarios if o.blackout_hours and not o.surviving[p]),
                default=None,
            )
            for p in purposes
        },
    )


class PortfolioAggregate:
    """The portfolio summed up one plan at a time.

    The parent keeps counters and one line per plan, never the plans' assessments or digests (a national portfolio
    has tens of thousands).
    """

    def __init__(self) -> None:
        self.tools: Counter[str] = Counter()
        self.backups: Counter[str] = Counter()
        # (id, language) → (file, name): plans differ in language; in each, the first plan by file name names it
        self.names: dict[tuple[str, str], tuple[str, str]] = {}
        self.kinds: dict[str, str] = {}
        self.redundancies: Counter[tuple[str, ...]] = Counter()
        self.shared_by_pair: dict[tuple[str, ...], set[str]] = {}
        self.lines: list[PlanLine] = []
        self.failed: list[FailedPlan] = []
        self.finding_counts: Counter[str] = Counter()  # unaccepted findings by kind, over every plan (--fail-on)
        self.first: tuple[str, str] | None = None  # (file, language) of the first plan by file name

    def add(self, d: PlanDigest) -> None:
        """Count one assessed plan in."""
        if self.first is None or d.file < self.first[0]:
            self.first = (d.file, d.lang)
        self.tools.update(d.tools_used)
        self.backups.update(d.backup_components)
        for key, name in d.names.items():
            named = (key, d.lang)
            if named not in self.names or d.file < self.names[named][0]:
                self.names[named] = (d.file, name)
        self.kinds.update(d.kinds)
        pairs: set[tuple[str, ...]] = set()
        for f in d.findings:
            if not f.accepted:
                self.finding_counts[f.kind.value] += 1
            if f.kind is FindingKind.FALSE_REDUNDANCY:
                pair = tuple(sorted(f.tools))
                pairs.add(pair)
                self.shared_by_pair.setdefault(pair, set()).update(f.components)
        self.redundancies.update(pairs)  # plans, not findings: a plan with the pair under two root causes counts once
        self.lines.append(
            PlanLine(
                plan=d.plan,
                file=d.file,
                high_findings=sum(1 for f in d.findings if f.severity.value == "high" and not f.accepted),
                uncovered=[f.message for f in d.findings if f.kind is FindingKind.UNCOVERED_PURPOSE],
                never_tested=d.never_tested,
                first_by_purpose=d.first_by_purpose,
                scenarios_lost=d.scenarios_lost,
                blackout_lost_at=d.blackout_lost_at,
            )
        )

    def add_failed(self, failed: FailedPlan) -> None:
        """List a plan that could not be assessed, with its one-line reason (never silently left out)."""
        self.failed.append(failed)

    def portfolio(self, lang: Literal["fr", "en"] | None = None) -> Portfolio:
        """Concentration of tools and components, shared false redundancies, uncovered and untested plans.

        In `lang` (default: the language of the first plan by file name); a tool or component is named as the plans
        in that language name it, else as the others do.
        """
        total = len(self.lines)
        language: Literal["fr", "en"] = lang or (self.first[1] if self.first else "en")  # type: ignore[assignment]

        def name(key: str) -> str:
            found = self.names.get((key, language)) or self.names.get((key, "en" if language == "fr" else "fr"))
            return found[1] if found else key

        def shares(counter: Counter[str]) -> list[Share]:
            # Vendor platforms and clouds first: sharing the power grid is universal, sharing Meta is a choice.
            return [
                Share(
                    key=k,
                    name=name(k),
                    kind=self.kinds.get(k, ""),
                    plans=n,
                    share=round(n / total, 3) if total else 0,
                )
                for k, n in sorted(
                    counter.items(), key=lambda item: (self.kinds.get(item[0]) in INFRASTRUCTURE, -item[1], item[0])
                )
            ]

        return Portfolio(
            lang=language,
            plans=total,
            failed=sorted(self.failed, key=lambda f: f.file),
            tool_usage=shares(self.tools),
            backup_concentration=shares(self.backups),
            false_redundancies=[
                SharedFalseRedundancy(tools=list(pair), components=sorted(self.shared_by_pair[pair]), plans=n)
                for pair, n in sorted(self.redundancies.items(), key=lambda item: (-item[1], item[0]))
            ],
            plans_with_uncovered_purpose=sum(1 for line in self.lines if line.uncovered),
            plans_never_tested=sum(1 for line in self.lines if line.never_tested),
            lines=sorted(self.lines, key=lambda line: (-line.high_findings, line.file)),
            names={key: name(key) for key, _language in sorted(self.names)},
        )


def summarize_portfolio(
    digests: Iterable[PlanDigest], failed: Iterable[FailedPlan] = (), lang: Literal["fr", "en"] | None = None
) -> Portfolio:
    """The portfolio of these plans (see PortfolioAggregate); plans that failed are listed with their reason."""
    aggregate = PortfolioAggregate()
    for d in digests:
        aggregate.add(d)
    for f in failed:
        aggregate.add_failed(f)
    return aggregate.portfolio(lang)
