"""Criteria files → one checked CriteriaSet (built-in criteria, then the user's), and profiles by id or file."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from toolassess.inputs.files import InputKind, Origin, builtin_documents, detect_kind, read_all
from toolassess.inputs.yamlsource import YamlDocument, read_yaml
from toolassess.models.base import did_you_mean
from toolassess.models.criteria import CriteriaFile, CriteriaSet, OriginsFile, Profile
from toolassess.models.criteria import Origin as SourceOrigin


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
    return build_criteria(list(builtin_documents("criteria")))


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
