"""Catalogue and criteria views for `tools list`, `tools show` and `criteria list` (pure: models in, models out)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import Field

from toolassess.models.assessment import FactStatus
from toolassess.models.base import Model, local
from toolassess.models.catalog import AllOf, Catalog, Dependency, Purpose, ToolProfile, resolve_tools
from toolassess.models.criteria import CriteriaSet
from toolassess.models.facts import FACT_NAMES
from toolassess.scoring.freshness import age_days, fact_status
from toolassess.scoring.sources import source_kind


def dependency_text(
    dependency: Dependency | None,
    words: tuple[str, str] = ("AND", "OR"),
    name: Callable[[str], str] = str,
) -> str:
    """A fault tree as text: `meta-platform AND (mobile-data OR fixed-access)`.

    `words` are the report's AND, OR; `name` says how a component is called: its id in the catalogue browser, its
    name in a report.
    """
    if dependency is None:
        return "—"
    if isinstance(dependency, str):
        return name(dependency)
    joiner, branches = (words[0], dependency.all) if isinstance(dependency, AllOf) else (words[1], dependency.any)
    parts = [name(b) if isinstance(b, str) else f"({dependency_text(b, words, name)})" for b in branches]
    return f" {joiner} ".join(parts)


class FactCounts(Model):
    """How many of a tool's vocabulary facts are in each trust status."""

    sourced: int
    stale: int
    unsourced: int
    unknown: int
    not_applicable: int = Field(description="declared not applicable to this tool, with a reason")
    not_recorded: int
    oldest_check: date | None


class ToolSummary(Model):
    """One line of `tools list`."""

    id: str
    name: str
    kind: str
    purposes: list[Purpose]
    facts: FactCounts


class FactLine(Model):
    """One fact of `tools show`: value, source, check date, age and status."""

    value: Any = None
    unknown: str | None = None
    not_applicable: str | None = None
    source: str | None = None
    source_kind: str | None = Field(None, description="vendor, law, press… (policy/sources.yaml); absent: unclassified")
    checked: date | None = None
    as_of: date | None = Field(None, description="date the source speaks of, when it is dated")
    expired: list[str] = Field(default_factory=list, description="listed certificates no longer valid")
    note: str | None = None
    age_days: int | None = Field(None, description="age of the evidence: from as_of when dated, else from checked")
    status: FactStatus | None = Field(None, description="absent when the fact is not recorded")


class ToolSheet(Model):
    """Everything `tools show` prints about one tool."""

    id: str
    name: str
    kind: str
    deployment: str
    purposes: list[Purpose]
    depends_on: str
    dependency_evidence: list[dict[str, Any]]
    facts: dict[str, FactLine]


def count_facts(tool: ToolProfile, as_of: date, stale_after_days: int) -> FactCounts:
    """Count a tool's facts by trust status, over the whole vocabulary."""
    recorded = tool.facts.recorded()
    statuses = Counter(fact_status(fact, as_of, stale_after_days) for fact in recorded.values())
    checks = [fact.checked for fact in recorded.values() if fact.checked is not None]
    return FactCounts(
        sourced=statuses[FactStatus.SOURCED],
        stale=statuses[FactStatus.STALE],
        unsourced=statuses[FactStatus.UNSOURCED],
        unknown=statuses[FactStatus.UNKNOWN],
        not_applicable=statuses[FactStatus.NOT_APPLICABLE],
        not_recorded=len(FACT_NAMES) - len(recorded),
        oldest_check=min(checks, default=None),
    )


def summarize_tools(catalog: Catalog, as_of: date, stale_after_days: int, lang: str = "en") -> list[ToolSummary]:
    """One summary per tool, by id."""
    return [
        ToolSummary(
            id=t.id,
            name=local(t.name, lang),
            kind=t.kind,
            purposes=t.purposes,
            facts=count_facts(t, as_of, stale_after_days),
        )
        for t in catalog.tools.values()
    ]


def tool_sheet(catalog: Catalog, tool_id: str, as_of: date, stale_after_days: int, lang: str = "en") -> ToolSheet:
    """Every vocabulary fact of one tool with its source, its kind, the evidence's age and its status."""
    tool = resolve_tools(catalog, [tool_id])[0]
    facts: dict[str, FactLine] = {}
    for name in FACT_NAMES:
        fact = getattr(tool.facts, name)
        if fact is None:
            facts[name] = FactLine()
            continue
        value = _in_language(fact.model_dump(mode="json")["value"], lang)
        facts[name] = FactLine(
            value=value,
            unknown=local(fact.unknown, lang) or None,
            not_applicable=local(fact.not_applicable, lang) or None,
            source=fact.source,
            source_kind=source_kind(fact.source),
            checked=fact.checked,
            as_of=fact.as_of,
            expired=fact.expired_items(as_of),
            note=local(fact.note, lang) or None,
            age_days=age_days(fact, as_of),
            status=fact_status(fact, as_of, stale_after_days),
        )
    return ToolSheet(
        id=tool.id,
        name=local(tool.name, lang),
        kind=tool.kind,
        deployment=local(tool.deployment, lang),
        purposes=tool.purposes,
        depends_on=dependency_text(tool.depends_on),
        dependency_evidence=[
            {
                **e.model_dump(mode="json", exclude={"note"}),
                "source_kind": source_kind(e.source),
                "note": local(e.note, lang) or None,
            }
            for e in tool.dependency_evidence
        ],
        facts=facts,
    )


CORE_TOOLS: tuple[str, ...] = (
    "whatsapp",
    "signal",
    "teams",
    "tchap",
    "olvid",
    "sms",
    "mobile-voice",
    "telegram",
    "element",
    "threema",
    "wire",
    "mass-alerting",
)
"""The tools crisis cells use most (issue 13): the catalogue holds them to a stricter coverage target."""
CORE_UNKNOWN_SHARE = 0.10
"""At most 1 applicable fact in 10 unknown for a core tool."""
CATALOGUE_UNKNOWN_SHARE = 0.20
"""At most 1 applicable fact in 5 unknown over the whole catalogue."""


class ToolCoverage(Model):
    """How much of one tool's applicable vocabulary the catalogue knows, and from what kinds of source."""

    id: str
    core: bool = Field(description="one of the tools crisis cells use most, held to the stricter target")
    applicable: int = Field(description="vocabulary facts minus those declared not applicable")
    unknown: int = Field(description="applicable facts unknown or not recorded")
    unknown_share: float
    target: float
    meets_target: bool
    primary_sources: int = Field(description="known facts whose source an auditor accepts (vendor, law, press…)")
    fallback_sources: int = Field(description="known facts resting on an encyclopaedia or aggregator")
    other_sources: int = Field(description="known facts without a source, unclassified or forbidden")


class CatalogueCoverage(Model):
    """`tools coverage`: per tool, then the core tools and the whole catalogue."""

    tools: list[ToolCoverage]
    core_unknown_share: float
    catalogue_unknown_share: float
    core_target: float = CORE_UNKNOWN_SHARE
    catalogue_target: float = CATALOGUE_UNKNOWN_SHARE
    meets_targets: bool


def coverage(catalog: Catalog) -> CatalogueCoverage:
    """How many applicable facts each tool knows, against the targets of docs/catalog-format.md."""
    from toolassess.scoring.sources import ACCEPTED_KINDS, FALLBACK_KINDS

    lines = []
    for tool in catalog.tools.values():
        recorded = tool.facts.recorded()
        applicable = len(FACT_NAMES) - sum(1 for f in recorded.values() if f.is_not_applicable)
        known = [f for f in recorded.values() if f.is_known]
        kinds = [source_kind(f.source) for f in known]
        core = tool.id in CORE_TOOLS
        target = CORE_UNKNOWN_SHARE if core else CATALOGUE_UNKNOWN_SHARE
        unknown = applicable - len(known)
        unknown_share = unknown / applicable if applicable else 0.0
        lines.append(
            ToolCoverage(
                id=tool.id,
                core=core,
                applicable=applicable,
                unknown=unknown,
                unknown_share=round(unknown_share, 4),
                target=target,
                meets_target=unknown_share <= target,
                primary_sources=sum(1 for k in kinds if k in ACCEPTED_KINDS),
                fallback_sources=sum(1 for k in kinds if k in FALLBACK_KINDS),
                other_sources=sum(1 for k in kinds if k not in ACCEPTED_KINDS and k not in FALLBACK_KINDS),
            )
        )

    def share(selected: list[ToolCoverage]) -> float:
        applicable = sum(t.applicable for t in selected)
        return round(sum(t.unknown for t in selected) / applicable, 4) if applicable else 0.0

    core_share = share([t for t in lines if t.core])
    whole_share = share(lines)
    return CatalogueCoverage(
        tools=lines,
        core_unknown_share=core_share,
        catalogue_unknown_share=whole_share,
        meets_targets=core_share <= CORE_UNKNOWN_SHARE
        and whole_share <= CATALOGUE_UNKNOWN_SHARE
        and all(t.meets_target for t in lines if t.core),
    )


def _in_language(value: Any, lang: str) -> Any:
    """A fact value as JSON with every `{en, fr}` text (an outage's summary) in one language."""
    if isinstance(value, dict):
        if set(value) == {"en", "fr"}:
            return value[lang]
        return {key: _in_language(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_language(item, lang) for item in value]
    return value


class CriterionLine(Model):
    """One line of `criteria list`."""

    area: str
    id: str
    title: str
    weight: float
    origin: list[str]
    origin_titles: list[str]
    reads: list[str]


def list_criteria(criteria: CriteriaSet, lang: str) -> list[CriterionLine]:
    """Every criterion with its area, weight, origin and the facts it reads."""
    from toolassess.scoring.criteria import facts_read

    return [
        CriterionLine(
            area=area,
            id=c.id,
            title=c.title.get(lang),
            weight=c.weight,
            origin=c.origin,
            origin_titles=[criteria.sources[o].title if o in criteria.sources else o for o in c.origin],
            reads=facts_read(c),
        )
        for area, c in criteria.criteria()
    ]
