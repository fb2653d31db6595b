"""Catalogue and criteria views for `tools list`, `tools show` and `criteria list` (pure: models in, models out)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from pydantic import Field

from toolassess.errors import ToolassessError
from toolassess.freshness import age_days, fact_status
from toolassess.loading import CriteriaSet
from toolassess.models.assessment import FactStatus
from toolassess.models.base import Model
from toolassess.models.catalog import AllOf, Catalog, Dependency, Purpose, ToolProfile
from toolassess.models.criteria import did_you_mean
from toolassess.models.facts import FACT_NAMES


def dependency_text(dependency: Dependency | None) -> str:
    """A fault tree as text: `meta-platform AND (mobile-data OR fixed-access)`."""
    if dependency is None:
        return "—"
    if isinstance(dependency, str):
        return dependency
    joiner, branches = (" AND ", dependency.all) if isinstance(dependency, AllOf) else (" OR ", dependency.any)
    parts = [dependency_text(b) if isinstance(b, str) else f"({dependency_text(b)})" for b in branches]
    return joiner.join(parts)


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
    checked: date | None = None
    note: str | None = None
    age_days: int | None = None
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


def summarize_tools(catalog: Catalog, as_of: date, stale_after_days: int) -> list[ToolSummary]:
    """One summary per tool, by id."""
    return [
        ToolSummary(
            id=t.id, name=t.name, kind=t.kind, purposes=t.purposes, facts=count_facts(t, as_of, stale_after_days)
        )
        for t in catalog.tools.values()
    ]


def tool_sheet(catalog: Catalog, tool_id: str, as_of: date, stale_after_days: int) -> ToolSheet:
    """Every vocabulary fact of one tool with its source, age and status."""
    if tool_id not in catalog.tools:
        raise ToolassessError(
            f"unknown tool '{tool_id}'{did_you_mean(tool_id, catalog.tools)} (see: toolassess tools list)"
        )
    tool = catalog.tools[tool_id]
    facts: dict[str, FactLine] = {}
    for name in FACT_NAMES:
        fact = getattr(tool.facts, name)
        if fact is None:
            facts[name] = FactLine()
            continue
        value = fact.model_dump(mode="json")["value"]
        facts[name] = FactLine(
            value=value,
            unknown=fact.unknown,
            not_applicable=fact.not_applicable,
            source=fact.source,
            checked=fact.checked,
            note=fact.note,
            age_days=age_days(fact, as_of),
            status=fact_status(fact, as_of, stale_after_days),
        )
    return ToolSheet(
        id=tool.id,
        name=tool.name,
        kind=tool.kind,
        deployment=tool.deployment,
        purposes=tool.purposes,
        depends_on=dependency_text(tool.depends_on),
        dependency_evidence=[e.model_dump(mode="json") for e in tool.dependency_evidence],
        facts=facts,
    )


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
    from toolassess.scoring import facts_read  # the rule walker lives with the evaluator

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
