"""Safe YAML reading: size, encoding, tabs, aliases, duplicates and depth checked; nodes kept for FILE:LINE:COL."""

from __future__ import annotations

import datetime
import hashlib
import os
import posixpath
import stat
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from toolassess.errors import InputError
from toolassess.models.base import did_you_mean

MAX_BYTES = 1024 * 1024
"""Inputs are hand-written YAML: anything larger is a mistake or an attack."""
MAX_DEPTH = 48
"""Deeper nesting than any real input; bounds recursion in the constructor and in pydantic."""

try:  # libyaml is ~10x faster; the pure-Python classes are a fallback, not a requirement.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _DateCheckingConstructor(SafeConstructor):
    """SafeConstructor that leaves an impossible date (2026-13-01) as text instead of crashing.

    Pydantic then rejects the text with the field's path, which a constructor error could not name.
    """

    def construct_yaml_timestamp(self, node: ScalarNode) -> datetime.date | datetime.datetime | str:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return str(node.value)


_DateCheckingConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:timestamp", _DateCheckingConstructor.construct_yaml_timestamp
)


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data for pydantic and its node tree to locate errors."""

    path: str
    data: Any
    root: Node
    raw: bytes
    _index: dict[int, dict[str, tuple[Node, Node]]] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def sha256(self) -> str:
        """The digest of the file's bytes (computed once: every plan of a portfolio records the shared inputs')."""
        return hashlib.sha256(self.raw).hexdigest()

    @property
    def recorded_path(self) -> str:
        """The path as the audit trail records it: as typed, normalised (`./p.yaml` and `p.yaml` are one file)."""
        return self.path if self.path.startswith("<") else posixpath.normpath(self.path.replace(os.sep, "/"))

    def locate(self, loc: Sequence[int | str], at_key: bool = False) -> tuple[int, int, str]:
        """LINE, COL (1-based) and dotted field path of a pydantic error location.

        Parts of `loc` that are not in the YAML (pydantic's union tags) are skipped; a missing
        last key points at its parent mapping.
        """
        node, mark, path = self.root, self.root.start_mark, []
        for index, part in enumerate(loc):
            last = index == len(loc) - 1
            if isinstance(node, MappingNode) and isinstance(part, str):
                found = self._keys(node).get(part)
                if found is not None:
                    key, value = found
                    path.append(part)
                    mark = key.start_mark if (last and at_key) else value.start_mark
                    node = value
                elif last:
                    path.append(part)
                    mark = node.start_mark
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
                path.append(str(part))
        return mark.line + 1, mark.column + 1, ".".join(path)

    def _keys(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """The mapping's keys, indexed once: locating many errors stays linear in the file's size."""
        index = self._index.get(id(node))
        if index is None:
            index = {key.value: (key, value) for key, value in node.value if isinstance(key, ScalarNode)}
            self._index[id(node)] = index
        return index

    def error(self, loc: Sequence[int | str], message: str, at_key: bool = False) -> InputError:
        """An InputError at the node of `loc`."""
        line, column, field = self.locate(loc, at_key)
        return InputError(self.path, line, column, field, message)

    def validate(self, target: type[BaseModel] | TypeAdapter[Any]) -> Any:
        """Validate the data against a model; the first error (in file order) becomes one InputError."""
        try:
            if isinstance(target, TypeAdapter):
                return target.validate_python(self.data)
            return target.model_validate(self.data)
        except ValidationError as exc:
            root_type = target._type if isinstance(target, TypeAdapter) else target
            raw_errors = exc.errors(include_url=False)
            # A typo makes a field both unknown and missing: report the unknown one, drop its echo.
            typo_parents = {tuple(e["loc"][:-1]) for e in raw_errors if e["type"] == "extra_forbidden"}
            raw_errors = [
                e for e in raw_errors if not (e["type"] == "missing" and tuple(e["loc"][:-1]) in typo_parents)
            ]
            errors = [self._translate(error, root_type) for error in raw_errors]
            errors.sort(key=lambda e: (e.line, e.column))
            first = errors[0]
            if len(errors) > 1:
                more = len(errors) - 1
                first = InputError(
                    first.path,
                    first.line,
                    first.column,
                    first.field,
                    f"{first.message} (and {more} more error{'s' if more > 1 else ''})",
                )
            raise first from None

    def _translate(self, error: Any, root_type: Any) -> InputError:
        loc, kind = tuple(error["loc"]), error["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1])
            return self.error(loc, "unknown field" + did_you_mean(name, allowed_keys(root_type, loc[:-1])), True)
        if kind == "missing":
            return self.error(loc, "required field is missing")
        message = str(error["msg"]).removeprefix("Value error, ")
        if kind in ("literal_error", "enum"):
            message = f"expected one of {error['ctx']['expected']}"
        message = message[0].lower() + message[1:]
        value = error.get("input")
        if isinstance(value, str | int | float | bool | datetime.date) and kind != "value_error":
            message += f" (got {value!r})" if not isinstance(value, datetime.date) else f" (got {value})"
        return self.error(loc, message)


def allowed_keys(root_type: Any, loc: Sequence[int | str]) -> list[str]:
    """The field names a model accepts at `loc` (for 'did you mean'), walking the type annotations."""
    current = [root_type]
    for part in loc:
        stepped = [t for tp in current for t in _step(tp, part)]
        current = stepped or current  # parts absent from the types are pydantic's union tags: stay
    keys: list[str] = []
    for tp in current:
        for model in _models(tp):
            keys += [field.alias or name for name, field in model.model_fields.items()]
    return keys


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [u for arg in typing.get_args(tp) for u in _unwrap(arg)]
    return [tp]


def _models(tp: Any) -> list[type[BaseModel]]:
    return [t for t in _unwrap(tp) if isinstance(t, type) and issubclass(t, BaseModel)]


def _step(tp: Any, part: int | str) -> list[Any]:
    out: list[Any] = []
    for t in _unwrap(tp):
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is list and isinstance(part, int):
            out.append(args[0])
        elif origin is dict and isinstance(part, str):
            out.append(args[1])
        elif isinstance(t, type) and issubclass(t, BaseModel) and isinstance(part, str):
            for name, field in t.model_fields.items():
                if part in (name, field.alias):
                    out.append(field.annotation)
    return out


def read_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read one YAML (or JSON) file safely; any problem is an InputError naming the file and line."""
    shown = display or str(path)

    def fail(line: int, column: int, message: str) -> InputError:
        return InputError(shown, line, column, "", message)

    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a pipe or a device would block or never end
            raise fail(1, 1, "not a regular file")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise fail(1, 1, f"cannot read file: {error.strerror or error}") from None
    if len(raw) > max_bytes:
        raise fail(1, 1, f"file is too large (over {max_bytes // 1024} KiB): not a hand-written input")
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise fail(raw[:offset].count(b"\n") + 1, 1, "binary file (NUL byte): expected YAML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(raw[: error.start].count(b"\n") + 1, 1, "not UTF-8 text: expected YAML in UTF-8") from None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise fail(1, 1, "file is empty")
    for number, text_line in enumerate(text.splitlines(), start=1):
        indent = text_line[: len(text_line) - len(text_line.lstrip(" \t"))]
        if "\t" in indent and text_line.strip():
            raise fail(number, indent.index("\t") + 1, "tab character in indentation: YAML indents with spaces")
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                where = event.start_mark
                line, column = (where.line + 1, where.column + 1) if where else (1, 1)
                raise fail(line, column, "YAML aliases (*name) are not allowed in inputs")
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None  # an empty document was refused above
        _check_structure(root, shown, max_bytes)
        data = _DateCheckingConstructor().construct_document(root)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise fail(line, column, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as error:  # a control character YAML does not allow
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise fail(line, column, f"invalid YAML: control character {error.character!r} is not allowed") from None
    except yaml.YAMLError as error:
        raise fail(1, 1, f"invalid YAML: {error}") from None
    return YamlDocument(shown, data, root, raw)


BYTES_PER_NODE = 10
"""At most one value per 10 bytes allowed in the file (100,000 in a 1 MiB input): bounds the work of any input."""
BYTES_PER_KEY = 500
"""At most one key of a mapping per 500 bytes allowed (2,000 in a 1 MiB input; a plan has a dozen, the fact
vocabulary ~60): many thousands of keys are an attack, not a plan."""
MAX_INTEGER_DIGITS = 30
"""Digits of an integer: weights, hours and orders are small; Python refuses to convert past 4,300 digits."""


PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
"""The only YAML types an input may hold: a set (!!set) has no order (its JSON would change from run to run),
binary and ordered-pair types have no place in a plan or a catalogue."""


def _check_structure(root: Node, shown: str, max_bytes: int = MAX_BYTES) -> None:
    """Refuse duplicate keys (PyYAML keeps the last silently), non-scalar keys, absurd depth, size and numbers."""
    max_nodes, max_keys = max_bytes // BYTES_PER_NODE, max_bytes // BYTES_PER_KEY
    stack: list[tuple[Node, int]] = [(root, 1)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if depth > MAX_DEPTH or count > max_nodes:
            mark = node.start_mark
            what = f"nesting deeper than {MAX_DEPTH} levels" if depth > MAX_DEPTH else f"more than {max_nodes} values"
            raise InputError(shown, mark.line + 1, mark.column + 1, "", what)
        if node.tag not in PLAIN_TAGS:
            mark = node.start_mark
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise InputError(shown, mark.line + 1, mark.column + 1, "", f"YAML tag {tag} is not allowed in inputs")
        if (
            isinstance(node, ScalarNode)
            and node.tag == "tag:yaml.org,2002:int"
            and sum(c.isalnum() for c in node.value) > MAX_INTEGER_DIGITS + 2  # digits of any base, and 0x/0o
        ):
            mark = node.start_mark
            raise InputError(
                shown, mark.line + 1, mark.column + 1, "", f"number with more than {MAX_INTEGER_DIGITS} digits"
            )
        if isinstance(node, MappingNode):
            if len(node.value) > max_keys:
                mark = node.start_mark
                raise InputError(shown, mark.line + 1, mark.column + 1, "", f"more than {max_keys} keys in one mapping")
            seen: dict[str, int] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    mark = key.start_mark
                    raise InputError(shown, mark.line + 1, mark.column + 1, "", "mapping keys must be plain text")
                if key.value in seen:
                    mark = key.start_mark
                    raise InputError(
                        shown,
                        mark.line + 1,
                        mark.column + 1,
                        key.value,
                        f"duplicate key (first at line {seen[key.value]})",
                    )
                seen[key.value] = key.start_mark.line + 1
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
