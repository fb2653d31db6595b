"""Tool profiles and the components they depend on, as an AND/OR fault tree."""

from __future__ import annotations

import graphlib
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import Discriminator, Field, Tag

from toolassess.errors import ToolassessError
from toolassess.models.base import Identifier, LocalText, Model, did_you_mean, local
from toolassess.models.facts import Outage, ToolFacts


class Purpose(StrEnum):
    """What a channel is for in a crisis plan."""

    COMMUNICATION = "communication"
    NOTIFICATION = "notification"
    PUBLIC_INFORMATION = "public-information"


class AllOf(Model):
    """Works only when every branch works (an AND gate in the fault tree of *working*)."""

    all: list[Dependency] = Field(min_length=1)


class AnyOf(Model):
    """Works when at least one branch works ("mobile data OR wifi")."""

    any: list[Dependency] = Field(min_length=1)


def _dependency_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "dependency:component"
    if isinstance(value, dict):
        if "all" in value:
            return "dependency:all"
        if "any" in value:
            return "dependency:any"
    if isinstance(value, AllOf):
        return "dependency:all"
    if isinstance(value, AnyOf):
        return "dependency:any"
    return None


Dependency = Annotated[
    # Tags are named unlike any YAML key: pydantic puts them in error locations, and the locator skips them.
    Annotated[Identifier, Tag("dependency:component")]
    | Annotated[AllOf, Tag("dependency:all")]
    | Annotated[AnyOf, Tag("dependency:any")],
    Discriminator(
        _dependency_tag,
        custom_error_type="dependency",
        custom_error_message="expected a component id, {all: [...]} or {any: [...]}",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()


def survives(dependency: Dependency | None, down: Container[str]) -> bool:
    """True when something with this dependency tree still works while these components are down."""
    if dependency is None:
        return True
    if isinstance(dependency, str):
        return dependency not in down
    if isinstance(dependency, AllOf):
        return all(survives(branch, down) for branch in dependency.all)
    return any(survives(branch, down) for branch in dependency.any)


class Leaf(NamedTuple):
    """A component named in a dependency tree."""

    component: str
    loc: tuple[int | str, ...]  # where it sits in the tree as written: ("depends_on", "all", 0, "any", 1)
    alternative: bool  # under an `any`: another branch can stand in for it


def leaves(dependency: Dependency | None, loc: tuple[int | str, ...] = ()) -> Iterator[Leaf]:
    """Every component named in a dependency tree, depth first: the one walk of a tree every other reuses."""

    def walk(node: Dependency, at: tuple[int | str, ...], alternative: bool) -> Iterator[Leaf]:
        if isinstance(node, str):
            yield Leaf(node, at, alternative)
            return
        key, branches = ("all", node.all) if isinstance(node, AllOf) else ("any", node.any)
        for index, branch in enumerate(branches):
            yield from walk(branch, (*at, key, index), alternative or key == "any")

    if dependency is not None:
        yield from walk(dependency, loc, False)


def component_ids(dependency: Dependency | None) -> Iterator[str]:
    """Every component id named in a dependency tree, depth first."""
    return (leaf.component for leaf in leaves(dependency))


def dependency_graph(components: Mapping[str, Component]) -> dict[str, list[str]]:
    """Component id → the components its tree names directly."""
    return {c.id: list(component_ids(c.depends_on)) for c in components.values()}


def dependencies_first(
    components: Mapping[str, Component], starts: Iterable[str] | None = None, skip: Container[str] = ()
) -> list[str]:
    """Components reachable from `starts` (default: all), each after everything it depends on, leaving out `skip`.

    graphlib orders without recursion (a chain of thousands of components is a loop, not a call stack); the
    loader has refused cycles.
    """
    graph: dict[str, list[str]] = {}
    pending = sorted(components) if starts is None else [s for s in starts if s not in skip]
    while pending:
        node = pending.pop()
        if node in graph:
            continue
        graph[node] = [c for c in component_ids(components[node].depends_on) if c not in skip]
        pending += graph[node]
    return list(graphlib.TopologicalSorter(graph).static_order())


def reachable(graph: Mapping[str, Iterable[str]], start: str) -> set[str]:
    """Everything below `start` in a graph (node → what it depends on), `start` excluded unless on a cycle."""
    seen: set[str] = set()
    pending = list(graph.get(start, ()))
    while pending:
        node = pending.pop()
        if node not in seen:
            seen.add(node)
            pending += graph.get(node, ())
    return seen


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in a dependency graph as [a, b, …, a] (a depends on b …), starting at its smallest id; or None."""
    try:
        graphlib.TopologicalSorter({node: list(below) for node, below in graph.items()}).prepare()
    except graphlib.CycleError as error:
        cycle = list(reversed(error.args[1]))[:-1]  # graphlib lists dependants first; drop the repeated node
        start = cycle.index(min(cycle))
        cycle = cycle[start:] + cycle[:start]
        return [*cycle, cycle[0]]
    return None


class Evidence(Model):
    """A source that shows something (a dependency, a component's behaviour)."""

    source: str = Field(min_length=1, description="URL or document title")
    checked: date = Field(description="date the source was read")
    as_of: date | None = Field(None, description="date the source speaks of, when it is dated")
    note: LocalText | None = None


class DependencyEvidence(Evidence):
    """Why a tool depends on a component: vendor documentation or a documented incident."""

    component: Identifier


ToolKind = Literal[
    "messenger",
    "collaboration",
    "videoconference",
    "email",
    "telephony",
    "radio",
    "paging",
    "alerting",
    "social-media",
    "public-warning",
]


class ToolProfile(Model):
    """One tool of the catalogue: what it is, what it depends on, and its sourced facts."""

    id: Identifier = Field(description="fixed id users and tests name (e.g. whatsapp)")
    aliases: list[Identifier] = Field(default_factory=list, description="other ids users type for this tool")
    available_in: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(
        default_factory=list,
        description="ISO 3166 countries whose institutions can use the profiled deployment (empty: any country)",
    )
    name: LocalText
    kind: ToolKind
    deployment: LocalText = Field(description="which deployment this profile describes")
    purposes: list[Purpose] = Field(min_length=1, description="what the tool can serve in a plan")
    depends_on: Dependency | None = Field(None, description="fault tree over component ids")
    dependency_evidence: list[DependencyEvidence] = Field(default_factory=list)
    facts: ToolFacts = Field(default_factory=ToolFacts)


ComponentKind = Literal[
    "power",
    "mobile-network",
    "fixed-network",
    "internet",
    "cloud",
    "cdn-dns",
    "push-service",
    "app-store",
    "vendor-platform",
    "identity-provider",
    "institution",
    "satellite",
    "radio-network",
    "alerting-infrastructure",
]


class Component(Model):
    """Something tools depend on: a provider, a cloud, a network, the power grid…"""

    id: Identifier
    name: LocalText
    kind: ComponentKind
    operator: LocalText | None = None
    depends_on: Dependency | None = Field(None, description="fault tree over other component ids")
    backup_power_hours: float | None = Field(
        None, ge=0, description="autonomy on battery/generator after a grid failure"
    )
    on_site: LocalText | None = Field(
        None,
        description="the part of it that stands on the institution's premises, so that the institution's own backup "
        "power (a generator, a UPS) keeps it up in a blackout: `improve` proposes backup power for these",
    )
    incidents: list[Outage] = Field(default_factory=list, description="documented outages")
    degrades_when_down: LocalText | None = Field(
        None,
        description="when its failure degrades the tools that need it instead of stopping them (push: messages "
        "only while the app is open): what a reader is told",
    )
    keeps: list[Purpose] = Field(
        default_factory=list, description="with degrades_when_down: the purposes its dependants still serve"
    )
    when_saturated: LocalText | None = Field(
        None, description="what the tools that need it do when it is saturated (a scenario's `saturates`)"
    )
    sources: list[Evidence] = Field(default_factory=list)


class ToolOverride(Model):
    """A `--catalog` file that changes single facts of a built-in tool instead of copying its whole profile."""

    overrides: Identifier = Field(description="id of the built-in tool whose facts change")
    reason: str | None = Field(None, description="why the institution knows better (shown with the override)")
    facts: ToolFacts = Field(description="only the facts that change, in the usual fact format")


class FactOverride(Model):
    """One fact of a built-in tool that a `--catalog` layer changes: listed in the report, compare and verify."""

    tool: str
    fact: str
    file: str = Field(description="the overriding file, as recorded in the inputs")
    line: int = Field(description="line of the fact (or of the tool) in that file")
    builtin: Any = Field(description="the built-in fact as JSON (value, unknown or not_applicable), or null if absent")
    value: Any = Field(description="the fact as the override gives it, or null when the override drops it")
    reason: str | None = None


class Catalog(Model):
    """The merged catalogue: built-in profiles plus any `--catalog` overrides."""

    version: str = Field(description="catalogue version (content digest)")
    tools: dict[str, ToolProfile]
    components: dict[str, Component]
    aliases: dict[str, str] = Field(default_factory=dict, description="alias → tool id")
    overrides: list[FactOverride] = Field(default_factory=list, description="built-in facts changed by --catalog")

    def tool_name(self, tool_id: str, lang: str) -> str:
        """A tool as a reader calls it: its name in that language, not its catalogue id."""
        return local(self.tools[tool_id].name, lang)

    def tool_id(self, name: str) -> str | None:
        """The id of a tool named by its id or an alias; None when the catalogue has no such tool."""
        return name if name in self.tools else self.aliases.get(name)

    @cached_property
    def _closures(self) -> dict[str, frozenset[str]]:
        return {}  # filled by closure(), as asked: a catalogue may hold thousands of components a plan never uses

    def closure(self, component_id: str) -> frozenset[str]:
        """Every component this one depends on, directly or not (memoized for the catalogue's life)."""
        closures = self._closures
        if component_id not in closures:
            for node in dependencies_first(self.components, [component_id], skip=closures):
                below = set(component_ids(self.components[node].depends_on))
                closures[node] = frozenset(below).union(*(closures[c] for c in below))
        return closures[component_id]

    @cached_property
    def component_order(self) -> tuple[str, ...]:
        """Every component after those it depends on (computed once: scenario replays walk it many times)."""
        return tuple(dependencies_first(self.components))


def resolve_tools(catalog: Catalog, tool_ids: Sequence[str]) -> list[ToolProfile]:
    """Tool profiles by id or alias, in the order given, with a 'did you mean' for an unknown name."""
    tools = []
    for name in dict.fromkeys(tool_ids):
        tool_id = catalog.tool_id(name)
        if tool_id is None:
            choices = [*catalog.tools, *catalog.aliases]
            raise ToolassessError(f"unknown tool '{name}'{did_you_mean(name, choices)} (see: toolassess tools list)")
        tools.append(catalog.tools[tool_id])
    return list({tool.id: tool for tool in tools}.values())
