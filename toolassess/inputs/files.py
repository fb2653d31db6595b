"""Finding and reading input files: the package's data folders, YAML files under a path, what kind a document is."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from toolassess.errors import InputError, ToolassessError
from toolassess.inputs.cache import PACKAGE_DIR, builtin_dir
from toolassess.inputs.yamlsource import YamlDocument, read_yaml

EXAMPLE_PLAN = PACKAGE_DIR / "examples" / "exampleville.yaml"


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


def read_all(paths: Sequence[Path]) -> list[YamlDocument]:
    """Read every YAML file under the given paths (a folder without any is an error, not a silent pass)."""
    docs = []
    for path in paths:
        files = yaml_files(path)
        if not files:
            raise ToolassessError(f"{path}: no YAML files (*.yaml, *.yml) in this folder")
        docs += [read_yaml(p) for p in files]
    return docs


@cache
def builtin_documents(folder: str) -> tuple[YamlDocument, ...]:
    """The files of a built-in folder, read once per process: package data does not change while we run."""
    root = builtin_dir(folder)
    return tuple(read_yaml(p, f"<builtin>/{folder}/{p.relative_to(root).as_posix()}") for p in yaml_files(root))
