"""The catalogue's YAML layers → one checked Catalog, with where each entry came from (and a cache for browsing)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from toolassess.inputs.cache import cache_file, write_json
from toolassess.inputs.files import (
    InputKind,
    Origin,
    builtin_documents,
    detect_kind,
    read_all,
    sha256_of,
)
from toolassess.inputs.yamlsource import YamlDocument
from toolassess.models.base import did_you_mean
from toolassess.models.catalog import (
    Catalog,
    Component,
    FactOverride,
    ToolOverride,
    ToolProfile,
    dependency_graph,
    find_cycle,
    leaves,
)
from toolassess.models.facts import FACT_NAMES, Fact

_COMPONENT_LIST = TypeAdapter(list[Component])


@dataclass
class LoadedCatalog:
    """The merged catalogue and where each tool and component came from."""

    catalog: Catalog
    layers: list[list[YamlDocument]]
    origins: dict[str, Origin] = field(default_factory=dict)  # "tool:ID" / "component:ID"

    @property
    def files(self) -> list[YamlDocument]:
        """Every file read, built-in first."""
        return [doc for layer in self.layers for doc in layer]


@dataclass
class _Layer:
    """One catalogue layer as read: whole profiles, components, fact overrides, and where each came from."""

    tools: dict[str, ToolProfile] = field(default_factory=dict)
    components: dict[str, Component] = field(default_factory=dict)
    overrides: list[tuple[ToolOverride, Origin]] = field(default_factory=list)
    origins: dict[str, Origin] = field(default_factory=dict)


def _catalog_layer(docs: Sequence[YamlDocument]) -> _Layer:
    layer = _Layer()
    for doc in docs:
        kind = detect_kind(doc)
        if kind is InputKind.TOOL:
            entries: list[tuple[str, Any, tuple[int | str, ...]]] = [("tool", doc.validate(ToolProfile), ())]
        elif kind is InputKind.COMPONENTS:
            entries = [("component", c, (i,)) for i, c in enumerate(doc.validate(_COMPONENT_LIST))]
        elif kind is InputKind.TOOL_OVERRIDE:
            override = doc.validate(ToolOverride)
            entries = [("override", override, ())]
        else:
            raise doc.error(
                (), f"a {kind.value} file has no place in a catalogue (expected tool profiles or components)"
            )
        for label, item, loc in entries:
            item_id = item.overrides if label == "override" else item.id
            key = f"{label}:{item_id}"
            if key in layer.origins:
                first = layer.origins[key]
                line, _, _ = first.doc.locate(first.loc)
                where, what = ("overrides", "override of") if label == "override" else ("id", f"{label} id")
                raise doc.error((*loc, where), f"duplicate {what} '{item_id}' (first in {first.doc.path}:{line})")
            layer.origins[key] = Origin(doc, loc)
            if label == "override":
                layer.overrides.append((item, Origin(doc, loc)))
            else:
                (layer.tools if label == "tool" else layer.components)[item.id] = item
    return layer


def _fact_json(fact: Fact[object] | None) -> Any:
    """A fact as an auditor reads it in an override list: its value, or its unknown / not-applicable answer."""
    if fact is None:
        return None
    return fact.model_dump(mode="json", include={"value", "unknown", "not_applicable", "source"}, exclude_none=True)


def _fact_changes(
    builtin: ToolProfile, changed: ToolProfile, origin: Origin, reason: str | None
) -> Iterator[FactOverride]:
    """Each fact of a built-in tool that a later layer changes, with the value it replaces."""
    for name in FACT_NAMES:
        old, new = getattr(builtin.facts, name), getattr(changed.facts, name)
        if old == new:
            continue
        line, _, _ = origin.doc.locate((*origin.loc, "facts", name) if new is not None else origin.loc)
        yield FactOverride(
            tool=builtin.id,
            fact=name,
            file=origin.doc.recorded_path,
            line=line,
            builtin=_fact_json(old),
            value=_fact_json(new),
            reason=reason,
        )


def build_catalog(layers: Sequence[Sequence[YamlDocument]]) -> LoadedCatalog:
    """Merge catalogue layers (built-in first; later layers override by id or fact by fact) and check references.

    Every built-in fact a later layer changes, by a whole profile or a fact override, is recorded with the value it
    replaces: an institution may know better than the catalogue, and the reader must see where it says so.
    """
    tools: dict[str, ToolProfile] = {}
    components: dict[str, Component] = {}
    origins: dict[str, Origin] = {}
    overrides: list[FactOverride] = []
    digests = []
    builtin: dict[str, ToolProfile] = {}
    for number, docs in enumerate(layers):
        layer = _catalog_layer(docs)
        for tool_id, tool in layer.tools.items():
            if number > 0 and tool_id in builtin:
                overrides += _fact_changes(builtin[tool_id], tool, layer.origins[f"tool:{tool_id}"], None)
        tools.update(layer.tools)
        for override, origin in layer.overrides:
            base = tools.get(override.overrides)
            if base is None:
                raise origin.error(
                    ("overrides",),
                    f"unknown tool '{override.overrides}'{did_you_mean(override.overrides, tools)}",
                )
            facts = base.facts.model_copy(update=override.facts.recorded())
            changed = base.model_copy(update={"facts": facts})
            reference = builtin.get(base.id, base)
            overrides += _fact_changes(reference, changed, origin, override.reason)
            tools[base.id] = changed
        components.update(layer.components)
        origins.update(layer.origins)
        digests.append(sha256_of(docs)[:12])
        if number == 0:
            builtin = dict(tools)
    aliases: dict[str, str] = {}
    for tool in tools.values():
        for alias in tool.aliases:
            taken = alias if alias in tools else aliases.get(alias)
            if taken is not None and taken != tool.id:
                raise origins[f"tool:{tool.id}"].error(
                    ("aliases", tool.aliases.index(alias)), f"alias '{alias}' already names tool '{taken}'"
                )
            aliases[alias] = tool.id
    catalog = Catalog(
        version="+".join(digests),
        tools=dict(sorted(tools.items())),
        components=dict(sorted(components.items())),
        aliases=dict(sorted(aliases.items())),
        overrides=overrides,
    )
    loaded = LoadedCatalog(catalog, [list(docs) for docs in layers], origins)
    _check_catalog_references(loaded)
    return loaded


def _check_catalog_references(loaded: LoadedCatalog) -> None:
    components = loaded.catalog.components

    def check(component_id: str, origin: Origin, loc: tuple[int | str, ...]) -> None:
        if component_id not in components:
            raise origin.error(loc, f"unknown component '{component_id}'{did_you_mean(component_id, components)}")

    for tool in loaded.catalog.tools.values():
        origin = loaded.origins[f"tool:{tool.id}"]
        for leaf in leaves(tool.depends_on, ("depends_on",)):
            check(leaf.component, origin, leaf.loc)
        for index, evidence in enumerate(tool.dependency_evidence):
            check(evidence.component, origin, ("dependency_evidence", index, "component"))
    for component in components.values():
        origin = loaded.origins[f"component:{component.id}"]
        for leaf in leaves(component.depends_on, ("depends_on",)):
            check(leaf.component, origin, leaf.loc)
    cycle = find_cycle(dependency_graph(components))
    if cycle:
        raise loaded.origins[f"component:{cycle[0]}"].error(("depends_on",), "dependency cycle: " + " → ".join(cycle))


def load_catalog(overrides: Sequence[Path] = ()) -> LoadedCatalog:
    """The built-in catalogue, plus one override layer per `--catalog DIR`."""
    if not overrides:
        return _builtin_catalog()
    return build_catalog([list(builtin_documents("catalog")), *[read_all([d]) for d in overrides]])


def catalog_model(overrides: Sequence[Path] = ()) -> Catalog:
    """The merged catalogue alone, without the files it came from: what browsing and plan checks need.

    The built-in one comes from a JSON copy in the user's cache, named by the digest of the built-in files and the
    program's version, and validated like any input (never unpickled): 15 ms instead of 200 ms of YAML parsing and
    checks. Assessments never use it: their audit trail needs the files themselves.
    """
    if overrides:
        return load_catalog(overrides).catalog
    path = cache_file("catalog")
    if path is not None:
        try:
            return Catalog.model_validate_json(path.read_bytes())
        except (OSError, ValueError):  # absent, unreadable or not a catalogue: rebuild it
            pass
    catalog = _builtin_catalog().catalog
    write_json(path, catalog.model_dump(mode="json"))
    return catalog


@cache
def _builtin_catalog() -> LoadedCatalog:
    """The built-in catalogue alone, parsed and checked once per process (most commands and every test need it)."""
    return build_catalog([list(builtin_documents("catalog"))])
