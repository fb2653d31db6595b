"""The plan as a fault tree: minimal cut sets of tools and components (MOCUS with absorption), within a work budget."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations

from toolassess.errors import ToolassessError
from toolassess.models.catalog import (
    AllOf,
    Catalog,
    Dependency,
    Purpose,
    ToolProfile,
    dependencies_first,
)
from toolassess.models.plan import Plan

Family = frozenset[frozenset[str]]
"""A family of minimal cut sets (each a set of component ids)."""


def minimize(sets: Iterable[frozenset[str]]) -> Family:
    """Absorption: drop every set that contains another set of the family."""
    kept: set[frozenset[str]] = set()
    for candidate in sorted(set(sets), key=len):
        if not any(
            frozenset(sub) in kept for size in range(1, len(candidate)) for sub in combinations(candidate, size)
        ):
            kept.add(candidate)
    return frozenset(kept)


def family_or(families: Iterable[Family], max_order: int) -> Family:
    """Cut sets of 'any of these fails' (failure of an AND of working parts)."""
    return minimize(s for family in families for s in family if len(s) <= max_order)


MAX_PRODUCTS = 1_000_000
"""Pairs of cut sets one OR of alternatives may combine. The built-in catalogue needs a few hundred; a tree built to
explode (any of three groups of 200 components: 8 million triples) is refused instead of running for minutes."""


MAX_TOTAL_PRODUCTS = 3_000_000
"""Pairs of cut sets one whole analysis may combine: many ORs each just under MAX_PRODUCTS add up."""


MAX_SEARCH = 200_000
"""Partial sets the search for a purpose's cut sets may visit (the example plan visits a few hundred)."""


class AnalysisTooLarge(ToolassessError):
    """A fault tree whose exact analysis would take unbounded work: refused, with what to change."""

    def __init__(self, count: int, kind: str = "", item: str = "") -> None:
        self.count, self.kind, self.item = count, kind, item
        self.advice = (
            f"its dependency tree has too many combinations to analyse exactly ({count:,}, limit {MAX_PRODUCTS:,}); "
            "lower --max-order or group the alternatives under one component"
        )
        super().__init__(f"{kind} {item}: {self.advice}" if kind else self.advice)


def family_and(families: Iterable[Family], max_order: int, budget: Budget | None = None) -> Family:
    """Cut sets of 'all of these fail' (failure of an OR of working parts), truncated at max_order."""
    result: Family | None = None
    for family in sorted(families, key=len):
        if result is None:
            result = family
            continue
        if len(result) * len(family) > MAX_PRODUCTS:
            raise AnalysisTooLarge(len(result) * len(family))
        if budget is not None:
            budget.spend(len(result) * len(family))
        combined: set[frozenset[str]] = set()
        for a in result:
            for b in family:
                union = a | b
                if len(union) <= max_order:
                    combined.add(union)
        result = minimize(combined)
        if not result:
            break
    return result if result is not None else frozenset()


class Budget:
    """The work one analysis may do, shared by every OR of alternatives it combines (pairs of cut sets)."""

    def __init__(self, limit: int = MAX_TOTAL_PRODUCTS) -> None:
        self.left = limit
        self.limit = limit

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise AnalysisTooLarge(self.limit - self.left)


class FaultTree:
    """Failure families of components and tools over one catalogue, computed when first needed and memoized.

    Only the components the analysed tools reach are ever computed (a catalogue may hold thousands the plan never
    uses), without recursion (a chain of thousands of components is a loop, not a call stack), within one work
    budget for the whole analysis.
    """

    def __init__(self, catalog: Catalog, max_order: int = 3, budget: Budget | None = None) -> None:
        self.catalog = catalog
        self.max_order = max_order
        self.budget = budget or Budget()
        self._components: dict[str, Family] = {}

    def _ensure(self, component_id: str) -> None:
        """Compute the family of a component and of everything below it, dependencies first."""
        if component_id in self._components:
            return
        for node in dependencies_first(self.catalog.components, [component_id], skip=self._components):
            component = self.catalog.components[node]
            try:
                below = self.of_dependency(component.depends_on)
            except AnalysisTooLarge as error:
                raise AnalysisTooLarge(error.count, "component", node) from None
            self._components[node] = family_or([frozenset({frozenset({node})}), below], self.max_order)

    def of_dependency(self, dependency: Dependency | None) -> Family:
        """Cut sets that make a dependency tree fail (an empty family: it cannot fail)."""
        if dependency is None:
            return frozenset()
        if isinstance(dependency, str):
            self._ensure(dependency)
            return self._components[dependency]
        if isinstance(dependency, AllOf):  # works if all work: fails if any fails
            return family_or((self.of_dependency(b) for b in dependency.all), self.max_order)
        return family_and((self.of_dependency(b) for b in dependency.any), self.max_order, self.budget)

    def of_component(self, component_id: str) -> Family:
        """Cut sets of one component."""
        self._ensure(component_id)
        return self._components[component_id]

    def of_tool(self, tool: ToolProfile) -> Family:
        """Cut sets of one tool."""
        try:
            return self.of_dependency(tool.depends_on)
        except AnalysisTooLarge as error:
            raise AnalysisTooLarge(error.count, "tool", tool.id) from None

    def singletons(self, family: Family) -> set[str]:
        """Components that alone make the family fail."""
        return {next(iter(s)) for s in family if len(s) == 1}

    def closure(self, component_id: str) -> frozenset[str]:
        """Every component this one depends on, directly or not."""
        return self.catalog.closure(component_id)

    def top_level(self, component_ids: Iterable[str]) -> list[tuple[str, list[str]]]:
        """Components not below another of the set, each with those of the set below it (sorted)."""
        ids = set(component_ids)
        tops = [c for c in ids if not any(c in self.closure(other) for other in ids if other != c)]
        return sorted(((c, sorted(ids & self.closure(c))) for c in tops), key=lambda item: item[0])


def channels_by_purpose(plan: Plan, catalog: Catalog) -> dict[Purpose, list[str]]:
    """Tool ids serving each purpose, in plan order (every purpose present, maybe empty).

    A channel counts for a purpose only when its tool can serve it (the catalogue's `purposes`): a
    messenger listed for notification does not wake anyone (seed 000), so it does not cover notification.
    """
    result: dict[Purpose, list[str]] = {purpose: [] for purpose in Purpose}
    for channel in plan.channels:
        capable = catalog.tools[channel.tool].purposes
        for purpose in channel.purpose:
            if purpose in capable and channel.tool not in result[purpose]:
                result[purpose].append(channel.tool)
    return result


def minimal_cut_sets(plan: Plan, tree: FaultTree) -> dict[Purpose, Family]:
    """For each purpose with channels: the sets of components whose failure leaves it with no working channel."""
    tools = tree.catalog.tools
    return {
        purpose: hitting_cut_sets([tree.of_tool(tools[t]) for t in tool_ids], tree.max_order)
        for purpose, tool_ids in channels_by_purpose(plan, tree.catalog).items()
        if tool_ids
    }


def _covers(candidate: frozenset[str], family: Family) -> bool:
    """True when the candidate contains a cut set of the family (it takes that channel down)."""
    return any(
        frozenset(sub) in family for size in range(1, len(candidate) + 1) for sub in combinations(candidate, size)
    )


def hitting_cut_sets(families: Sequence[Family], max_order: int) -> Family:
    """Cut sets of 'every channel fails': sets of at most max_order components covering one cut set per channel.

    Depth-first search branching on the uncovered channel with the fewest cut sets, so many channels cost
    little more than a few (the same result as `family_and` over the channels, without its large products).
    """
    if any(not family for family in families):
        return frozenset()  # a channel that cannot fail keeps the purpose up
    found: set[frozenset[str]] = set()
    explored: set[frozenset[str]] = set()

    def search(chosen: frozenset[str]) -> None:
        if chosen in explored:
            return
        explored.add(chosen)
        if len(explored) > MAX_SEARCH:
            raise AnalysisTooLarge(len(explored), "plan", "channels of one purpose")
        uncovered = [family for family in families if not _covers(chosen, family)]
        if not uncovered:
            found.add(chosen)
            return
        narrowest = min(uncovered, key=len)
        for cut_set in narrowest:
            extended = chosen | cut_set
            if len(extended) <= max_order:
                search(extended)

    search(frozenset())
    return minimize(found)
