"""YAML inputs → models: catalogue, criteria and plans, with cross-reference checks located as FILE:LINE:COL."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from toolassess.errors import InputError, ToolassessError
from toolassess.models.assessment import Assessment
from toolassess.models.catalog import AllOf, Catalog, Component, Dependency, FactOverride, ToolOverride, ToolProfile
from toolassess.models.criteria import CriteriaFile, Criterion, OriginsFile, Profile, did_you_mean
from toolassess.models.criteria import Origin as SourceOrigin
from toolassess.models.facts import FACT_NAMES, Fact
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario, ScenariosFile
from toolassess.yamlsource import YamlDocument, read_yaml

PACKAGE_DIR = Path(__file__).parent
BUILTIN_CATALOG = PACKAGE_DIR / "catalog"
EXAMPLE_PLAN = PACKAGE_DIR / "examples" / "exampleville.yaml"


def default_criteria_dir() -> Path:
    """The default criteria: inside the wheel, or the repository's criteria/ folder in a source checkout."""
    packaged = PACKAGE_DIR / "default_criteria"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "criteria"


class InputKind(StrEnum):
    """What an input file is, told from its top-level keys."""

    PLAN = "plan"
    TOOL = "tool"
    TOOL_OVERRIDE = "tool-override"
    COMPONENTS = "components"
    CRITERIA = "criteria"
    PROFILE = "profile"
    ORIGINS = "origins"
    SCENARIOS = "scenarios"


def detect_kind(doc: YamlDocument) -> InputKind:
    """Tell a plan, tool profile, component list, criteria file or profile apart."""
    data = doc.data
    if isinstance(data, list):
        return InputKind.COMPONENTS
    if isinstance(data, dict):
        for key, kind in (
            ("channels", InputKind.PLAN),
            ("criteria", InputKind.CRITERIA),
            ("origins", InputKind.ORIGINS),
            ("scenarios", InputKind.SCENARIOS),
            ("overrides", InputKind.TOOL_OVERRIDE),
            ("facts", InputKind.TOOL),
            ("purposes", InputKind.TOOL),
            ("gates", InputKind.PROFILE),
            ("weights", InputKind.PROFILE),
        ):
            if key in data:
                return kind
        if {"id", "title", "description"} <= data.keys():  # a profile that keeps every default weight
            return InputKind.PROFILE
    raise doc.error(
        (),
        "cannot tell what this file is: expected a plan (channels:), a tool profile (facts:), a fact override "
        "(overrides:), "
        "a component list, a criteria file (criteria:) or a profile (weights:/gates:)",
    )


MAX_FOLDER_DEPTH = 16
"""Sub-folder levels read under an input folder (a catalogue is one or two levels deep)."""
MAX_INPUT_FILES = 5_000
"""YAML files read under one input folder (the built-in catalogue has under a hundred)."""


def yaml_files(path: Path) -> list[Path]:
    """The YAML files of a path: the file itself, or every *.yaml/*.yml under a folder, sorted.

    Folders are walked without recursion, without following symbolic links to folders (no loops), and within
    MAX_FOLDER_DEPTH levels and MAX_INPUT_FILES files, so that no folder can make the program walk forever.
    """
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ToolassessError(f"{path}: no such file or folder")
    found: list[Path] = []
    pending: list[tuple[Path, int]] = [(path, 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            raise ToolassessError(f"{folder}: cannot read folder: {error.strerror or error}") from None
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_FOLDER_DEPTH:
                    raise ToolassessError(f"{entry.path}: folders nested deeper than {MAX_FOLDER_DEPTH} levels")
                pending.append((Path(entry.path), depth + 1))
            elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                found.append(Path(entry.path))
                if len(found) > MAX_INPUT_FILES:
                    raise ToolassessError(f"{path}: more than {MAX_INPUT_FILES} YAML files under this folder")
    return sorted(found)


def sha256_of(docs: Sequence[YamlDocument]) -> str:
    """A digest of several files' bytes, stable across machines (names are not part of it)."""
    digest = hashlib.sha256()
    for doc in docs:
        digest.update(hashlib.sha256(doc.raw).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class Origin:
    """Where an object was defined: to point at it when a later check fails."""

    doc: YamlDocument
    loc: tuple[int | str, ...]

    def error(self, sub: tuple[int | str, ...], message: str) -> InputError:
        return self.doc.error(self.loc + sub, message)


# ---------------------------------------------------------------- catalogue

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


def dependency_leaves(
    dependency: Dependency | None, loc: tuple[int | str, ...]
) -> Iterator[tuple[str, tuple[int | str, ...]]]:
    """Each component id of a dependency tree with its location in the YAML."""
    if dependency is None:
        return
    if isinstance(dependency, str):
        yield dependency, loc
        return
    key = "all" if isinstance(dependency, AllOf) else "any"
    branches = dependency.all if isinstance(dependency, AllOf) else dependency.any
    for index, branch in enumerate(branches):
        yield from dependency_leaves(branch, (*loc, key, index))


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
        for component_id, loc in dependency_leaves(tool.depends_on, ("depends_on",)):
            check(component_id, origin, loc)
        for index, evidence in enumerate(tool.dependency_evidence):
            check(evidence.component, origin, ("dependency_evidence", index, "component"))
    for component in components.values():
        origin = loaded.origins[f"component:{component.id}"]
        for component_id, loc in dependency_leaves(component.depends_on, ("depends_on",)):
            check(component_id, origin, loc)
    cycle = find_cycle({c.id: [leaf for leaf, _ in dependency_leaves(c.depends_on, ())] for c in components.values()})
    if cycle:
        raise loaded.origins[f"component:{cycle[0]}"].error(("depends_on",), "dependency cycle: " + " → ".join(cycle))


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a dependency graph as [a, b, …, a], or None (iterative DFS: deep graphs are fine)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        iterators = [iter(graph.get(start, []))]
        state[start] = 1
        while iterators:
            child = next(iterators[-1], None)
            if child is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                iterators.append(iter(graph.get(child, [])))
    return None


def read_all(paths: Sequence[Path]) -> list[YamlDocument]:
    """Read every YAML file under the given paths (a folder without any is an error, not a silent pass)."""
    docs = []
    for path in paths:
        files = yaml_files(path)
        if not files:
            raise ToolassessError(f"{path}: no YAML files (*.yaml, *.yml) in this folder")
        docs += [read_yaml(p) for p in files]
    return docs


def load_catalog(overrides: Sequence[Path] = ()) -> LoadedCatalog:
    """The built-in catalogue, plus one override layer per `--catalog DIR`."""
    if not overrides:
        return _builtin_catalog()
    return build_catalog([list(_builtin_documents("catalog")), *[read_all([d]) for d in overrides]])


def catalog_model(overrides: Sequence[Path] = ()) -> Catalog:
    """The merged catalogue alone, without the files it came from: what browsing and plan checks need.

    The built-in one comes from a JSON copy in the user's cache, named by the digest of the built-in files and the
    program's version, and validated like any input (never unpickled): 15 ms instead of 200 ms of YAML parsing and
    checks. Assessments never use it: their audit trail needs the files themselves.
    """
    if overrides:
        return load_catalog(overrides).catalog
    cache_file = _catalog_cache_file()
    if cache_file is not None:
        try:
            return Catalog.model_validate_json(cache_file.read_bytes())
        except (OSError, ValueError):  # absent, unreadable or not a catalogue: rebuild it
            pass
    catalog = _builtin_catalog().catalog
    if cache_file is not None:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            partial = cache_file.with_suffix(f".{os.getpid()}.partial")
            partial.write_text(catalog.model_dump_json(), encoding="utf-8")
            os.replace(partial, cache_file)
        except OSError:  # a read-only home is no reason to fail
            pass
    return catalog


def _catalog_cache_file() -> Path | None:
    """Where the built-in catalogue's JSON copy lives ($TOOLASSESS_CACHE_DIR, '' to disable; else ~/.cache)."""
    from toolassess import __version__

    setting = os.environ.get("TOOLASSESS_CACHE_DIR")
    if setting == "":
        return None
    base = Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolassess"
    digest = hashlib.sha256(__version__.encode())
    for path in yaml_files(BUILTIN_CATALOG):
        digest.update(path.relative_to(BUILTIN_CATALOG).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return base / f"catalog-{digest.hexdigest()[:32]}.json"


@cache
def _builtin_documents(folder: str) -> tuple[YamlDocument, ...]:
    """The files of a built-in folder, read once per process: package data does not change while we run."""
    root = default_criteria_dir() if folder == "criteria" else PACKAGE_DIR / folder
    return tuple(read_yaml(p, f"<builtin>/{folder}/{p.relative_to(root).as_posix()}") for p in yaml_files(root))


@cache
def _builtin_catalog() -> LoadedCatalog:
    """The built-in catalogue alone, parsed and checked once per process (most commands and every test need it)."""
    return build_catalog([list(_builtin_documents("catalog"))])


# ---------------------------------------------------------------- criteria


@dataclass
class CriteriaSet:
    """The criteria (by area) and the profiles that weigh and gate them."""

    areas: list[CriteriaFile]
    profiles: dict[str, Profile]
    files: list[YamlDocument]
    origins: dict[str, Origin] = field(default_factory=dict)
    sources: dict[str, SourceOrigin] = field(default_factory=dict)  # origin id → the document it names

    def criteria(self) -> Iterator[tuple[str, Criterion]]:
        """(area id, criterion) in file order."""
        for area in self.areas:
            for criterion in area.criteria:
                yield area.area, criterion

    def profile(self, name: str) -> Profile:
        """A profile by id, with a 'did you mean' when it does not exist."""
        if name not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none"
            raise ToolassessError(f"unknown profile '{name}'{did_you_mean(name, self.profiles)}; profiles: {known}")
        return self.profiles[name]


def build_criteria(docs: Sequence[YamlDocument], base: CriteriaSet | None = None) -> CriteriaSet:
    """Criteria and profile files → a checked CriteriaSet (profiles alone extend `base`)."""
    areas: list[CriteriaFile] = []
    profiles: dict[str, Profile] = {}
    origins: dict[str, Origin] = {}
    sources: dict[str, SourceOrigin] = {}
    for doc in docs:
        kind = detect_kind(doc)
        if kind is InputKind.ORIGINS:
            for index, entry in enumerate(doc.validate(OriginsFile).origins):
                if entry.id in sources:
                    raise doc.error(("origins", index, "id"), f"duplicate origin id '{entry.id}'")
                sources[entry.id] = entry
                origins[f"origin:{entry.id}"] = Origin(doc, ("origins", index))
        elif kind is InputKind.CRITERIA:
            area = doc.validate(CriteriaFile)
            if f"area:{area.area}" in origins:
                raise doc.error(("area",), f"duplicate area '{area.area}'")
            origins[f"area:{area.area}"] = Origin(doc, ())
            for index, criterion in enumerate(area.criteria):
                key = f"criterion:{criterion.id}"
                if key in origins:
                    line = origins[key].doc.locate(origins[key].loc)[0]
                    raise doc.error(
                        ("criteria", index, "id"),
                        f"duplicate criterion id '{criterion.id}' (first in {origins[key].doc.path}:{line})",
                    )
                origins[key] = Origin(doc, ("criteria", index))
            areas.append(area)
        elif kind is InputKind.PROFILE:
            profile = doc.validate(Profile)
            if profile.id in profiles:
                raise doc.error(("id",), f"duplicate profile id '{profile.id}'")
            profiles[profile.id] = profile
            origins[f"profile:{profile.id}"] = Origin(doc, ())
        else:
            raise doc.error((), f"a {kind.value} file has no place among criteria (expected criteria or profiles)")
    if not areas and base is not None:
        areas, origins = base.areas, {**base.origins, **origins}
        profiles = {**base.profiles, **profiles}
        sources = {**base.sources, **sources}
        docs = [*base.files, *docs]
    areas = sorted(areas, key=lambda a: (a.order, a.area))
    result = CriteriaSet(areas, profiles, list(docs), origins, sources)
    _check_profiles(result)
    if sources:  # with an origins list, every origin a criterion or profile names must be in it
        _check_origin_ids(result)
    return result


def _check_origin_ids(criteria: CriteriaSet) -> None:
    for area in criteria.areas:
        for criterion in area.criteria:
            for position, origin_id in enumerate(criterion.origin):
                if origin_id not in criteria.sources:
                    raise criteria.origins[f"criterion:{criterion.id}"].error(
                        ("origin", position), f"unknown origin '{origin_id}'{did_you_mean(origin_id, criteria.sources)}"
                    )
    for profile in criteria.profiles.values():
        for position, origin_id in enumerate(profile.origin):
            if origin_id not in criteria.sources:
                raise criteria.origins[f"profile:{profile.id}"].error(
                    ("origin", position), f"unknown origin '{origin_id}'{did_you_mean(origin_id, criteria.sources)}"
                )


def _check_profiles(criteria: CriteriaSet) -> None:
    names = {c.id for _, c in criteria.criteria()} | {a.area for a in criteria.areas}
    criterion_ids = {c.id for _, c in criteria.criteria()}
    for profile in criteria.profiles.values():
        origin = criteria.origins[f"profile:{profile.id}"]
        for key in profile.weights:
            if key not in names:
                raise origin.error(("weights", key), f"unknown criterion or area '{key}'{did_you_mean(key, names)}")
        for index, gate in enumerate(profile.gates):
            if gate.criterion not in criterion_ids:
                raise origin.error(
                    ("gates", index, "criterion"),
                    f"unknown criterion '{gate.criterion}'{did_you_mean(gate.criterion, criterion_ids)}",
                )


def load_criteria(path: Path | None = None) -> CriteriaSet:
    """The criteria under `path` (a file or folder), or the defaults."""
    if path is None:
        return _builtin_criteria()
    docs = read_all([path])
    only_profiles = all(detect_kind(doc) in (InputKind.PROFILE, InputKind.ORIGINS) for doc in docs)
    return build_criteria(docs, base=load_criteria() if only_profiles else None)


@cache
def _builtin_criteria() -> CriteriaSet:
    """The default criteria and profiles, parsed and checked once per process."""
    return build_criteria(list(_builtin_documents("criteria")))


# ---------------------------------------------------------------- plans


@dataclass
class LoadedPlan:
    """A checked plan and the file it came from."""

    plan: Plan
    doc: YamlDocument


def check_plan(doc: YamlDocument, catalog: Catalog, criteria: CriteriaSet) -> LoadedPlan:
    """Validate a plan document and every id it names; tools named by an alias (`fr-alert`) get their id."""
    plan: Plan = doc.validate(Plan)

    def tool_id(name: str, loc: tuple[int | str, ...]) -> str:
        found = catalog.tool_id(name)
        if found is None:
            choices = [*catalog.tools, *catalog.aliases]
            raise doc.error(loc, f"unknown tool '{name}'{did_you_mean(name, choices)} (see: toolassess tools list)")
        return found

    channels = [
        channel.model_copy(update={"tool": tool_id(channel.tool, ("channels", index, "tool"))})
        for index, channel in enumerate(plan.channels)
    ]
    candidates = (
        None
        if plan.candidates is None
        else [tool_id(name, ("candidates", index)) for index, name in enumerate(plan.candidates)]
    )
    if plan.profile not in criteria.profiles:
        raise doc.error(
            ("profile",), f"unknown profile '{plan.profile}'{did_you_mean(plan.profile, criteria.profiles)}"
        )
    partners = [
        partner.model_copy(
            update={"tools": [tool_id(t, ("partners", index, "tools", n)) for n, t in enumerate(partner.tools)]}
        )
        for index, partner in enumerate(plan.partners)
    ]
    for index, supply in enumerate(plan.backup_power):
        for position, component_id in enumerate(supply.keeps_up):
            if component_id not in catalog.components:
                raise doc.error(
                    ("backup_power", index, "keeps_up", position),
                    f"unknown component '{component_id}'{did_you_mean(component_id, catalog.components)}",
                )
    procedure_ids = [procedure.id for procedure in plan.procedures]
    for index, procedure_id in enumerate(procedure_ids):
        if procedure_id in procedure_ids[:index]:
            raise doc.error(("procedures", index, "id"), f"duplicate procedure id '{procedure_id}'")
    criterion_ids = {c.id for _, c in criteria.criteria()}
    risks = []
    for index, risk in enumerate(plan.accepted_risks):
        if risk.criterion is not None and risk.criterion not in criterion_ids:
            raise doc.error(
                ("accepted_risks", index, "criterion"),
                f"unknown criterion '{risk.criterion}'{did_you_mean(risk.criterion, criterion_ids)}",
            )
        tools = [tool_id(name, ("accepted_risks", index, "tools", n)) for n, name in enumerate(risk.tools)]
        risks.append(risk.model_copy(update={"tools": tools}))
    plan = plan.model_copy(
        update={"channels": channels, "candidates": candidates, "accepted_risks": risks, "partners": partners}
    )
    return LoadedPlan(plan, doc)


def load_plan(path: Path, catalog: Catalog, criteria: CriteriaSet) -> LoadedPlan:
    """Read and check one plan file."""
    return check_plan(read_yaml(path), catalog, criteria)


# ---------------------------------------------------------------- scenarios


@dataclass
class LoadedScenarios:
    """Built-in scenarios plus the user's, checked against the catalogue."""

    scenarios: list[Scenario]
    files: list[YamlDocument]


def check_scenarios(docs: Sequence[YamlDocument], catalog: Catalog) -> LoadedScenarios:
    """Scenario files → scenarios; ids unique (a user's scenario replaces a built-in one of the same id)."""
    by_id: dict[str, Scenario] = {}
    for doc in docs:
        if detect_kind(doc) is not InputKind.SCENARIOS:
            raise doc.error((), "expected a scenarios file (scenarios: [...])")
        seen: set[str] = set()
        for index, scenario in enumerate(doc.validate(ScenariosFile).scenarios):
            if scenario.id in seen:
                raise doc.error(("scenarios", index, "id"), f"duplicate scenario id '{scenario.id}'")
            seen.add(scenario.id)
            for field_name in ("fails", "saturates"):
                for position, component_id in enumerate(getattr(scenario, field_name)):
                    if component_id not in catalog.components:
                        raise doc.error(
                            ("scenarios", index, field_name, position),
                            f"unknown component '{component_id}'{did_you_mean(component_id, catalog.components)}",
                        )
            replay = scenario.replays
            if replay is not None:
                component = catalog.components.get(replay.component)
                if component is None or not any(i.date == replay.date for i in component.incidents):
                    raise doc.error(
                        ("scenarios", index, "replays"),
                        f"no incident of '{replay.component}' on {replay.date} in the catalogue",
                    )
            by_id[scenario.id] = scenario
    return LoadedScenarios(list(by_id.values()), list(docs))


def load_scenarios(extra: Sequence[Path], catalog: Catalog) -> LoadedScenarios:
    """The built-in scenarios, then the user's files."""
    return check_scenarios([*_builtin_documents("scenarios"), *read_all(extra)], catalog)


# ---------------------------------------------------------------- validate


def validate_paths(
    paths: Sequence[Path], catalog_dirs: Sequence[Path] = (), criteria_path: Path | None = None
) -> list[tuple[str, InputKind]]:
    """Check plans, catalogue files and criteria files together; return (file, kind) for each, or raise."""
    docs = read_all(paths)
    kinds = [(doc, detect_kind(doc)) for doc in docs]
    catalog_kinds = (InputKind.TOOL, InputKind.TOOL_OVERRIDE, InputKind.COMPONENTS)
    catalog_docs = [doc for doc, kind in kinds if kind in catalog_kinds]
    criteria_docs = [doc for doc, kind in kinds if kind in (InputKind.CRITERIA, InputKind.PROFILE, InputKind.ORIGINS)]
    if catalog_docs:
        catalog = build_catalog([*load_catalog(catalog_dirs).layers, catalog_docs]).catalog
    else:
        catalog = catalog_model(catalog_dirs)
    criteria = load_criteria(criteria_path)
    if criteria_docs:
        criteria = build_criteria(criteria_docs, base=criteria)
    for doc, kind in kinds:
        if kind is InputKind.PLAN:
            check_plan(doc, catalog, criteria)
    scenario_docs = [doc for doc, kind in kinds if kind is InputKind.SCENARIOS]
    if scenario_docs:
        check_scenarios(scenario_docs, catalog)
    return [(doc.path, kind) for doc, kind in kinds]


def resolve_profile(criteria: CriteriaSet, name_or_path: str) -> Profile:
    """A profile by id, or a user's profile file (checked against the criteria)."""
    path = Path(name_or_path)
    if name_or_path.endswith((".yaml", ".yml")) or path.is_file():
        doc = read_yaml(path)
        profile: Profile = doc.validate(Profile)
        _check_profiles(
            CriteriaSet(criteria.areas, {profile.id: profile}, [doc], {f"profile:{profile.id}": Origin(doc, ())})
        )
        return profile
    return criteria.profile(name_or_path)


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


ASSESSMENT_MAX_BYTES = 64 * 1024 * 1024
"""Assessment JSON is machine-written and grows with the catalogue; still bounded."""


def load_assessment(path: Path) -> Assessment:
    """An assessment JSON written by toolassess (JSON is YAML: errors get FILE:LINE:COL too)."""
    doc = read_yaml(path, max_bytes=ASSESSMENT_MAX_BYTES)
    assessment: Assessment = doc.validate(Assessment)
    return assessment
