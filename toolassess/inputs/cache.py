"""Where toolassess keeps copies of what it derived from its built-in files, keyed by their digest.

Imports nothing heavy: `tools list`, and `validate` on files it found valid before, answer from here without
loading the model layer. $TOOLASSESS_CACHE_DIR sets the folder ('' disables every cache), else
$XDG_CACHE_HOME/toolassess or ~/.cache/toolassess. A copy is never trusted blindly: a missing, unreadable or
malformed file is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).parent.parent  # the toolassess package: its data folders sit beside the code
BUILTIN_CATALOG = PACKAGE_DIR / "catalog"


def builtin_dir(folder: str) -> Path:
    """A built-in data folder: catalog, scenarios, or criteria (inside the wheel, or criteria/ in a checkout)."""
    if folder != "criteria":
        return PACKAGE_DIR / folder
    packaged = PACKAGE_DIR / "default_criteria"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "criteria"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is disabled."""
    setting = os.environ.get("TOOLASSESS_CACHE_DIR")
    if setting == "":
        return None
    if setting:
        return Path(setting)
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolassess"
    except (RuntimeError, KeyError):  # no $HOME and no password entry (a container's arbitrary user): no cache
        return None


@cache
def code_digest() -> str:
    """A digest of the program's own code (every module's name and bytes), ~4 ms.

    The version alone does not change with a `git pull` or between two checkouts sharing one cache folder: a new
    validation rule must never be answered by a verdict the old code gave.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def builtin_digest(*folders: str) -> str:
    """A digest of the program (version and code) and of every YAML file (name and bytes) of these built-in folders."""
    from toolassess import __version__

    digest = hashlib.sha256(__version__.encode() + b"\0" + code_digest().encode())
    for folder in folders:
        root = builtin_dir(folder)
        digest.update(folder.encode() + b"\0")
        # the names files.yaml_files reads (a file named `.yaml` has no suffix for pathlib, yet it is read)
        for path in sorted(p for p in root.rglob("*") if p.name.endswith((".yaml", ".yml")) and p.is_file()):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cache_file(kind: str, *key: object) -> Path | None:
    """The file for a derived copy of the built-in catalogue: `kind`, and what else it depends on."""
    folder = cache_dir()
    if folder is None:
        return None
    extra = hashlib.sha256(json.dumps([str(k) for k in key]).encode()).hexdigest()[:16] if key else ""
    return folder / f"{kind}-{builtin_digest('catalog')}{'-' + extra if extra else ''}.json"


VERDICT_MAX_BYTES = 1024 * 1024
"""yamlsource.MAX_BYTES: a larger input is refused, so it never has a verdict (and is not read whole here)."""


def verdict_file(paths: Sequence[Path]) -> Path | None:
    """Where `validate` keeps its verdict on these files when they were valid with the built-in catalogue and criteria.

    Named by a digest of the program's version, of the built-in catalogue, criteria and scenarios, and of each file's
    name (as given, as printed) and bytes: any change to any of them names another file, so a full validation. None
    when caching is off, or when a path is not a regular file (a folder's contents are not digested).
    """
    if cache_dir() is None:
        return None
    named = []
    for path in paths:
        try:
            if not path.is_file():
                return None
            with path.open("rb") as handle:
                raw = handle.read(VERDICT_MAX_BYTES + 1)
        except OSError:
            return None
        if len(raw) > VERDICT_MAX_BYTES:
            return None
        named.append((str(path), raw))
    return verdict_file_of(named)


def verdict_file_of(named: Sequence[tuple[str, bytes]]) -> Path | None:
    """verdict_file for files given as (name, bytes)."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(builtin_digest("catalog", "criteria", "scenarios").encode())
    for name, raw in named:
        digest.update(hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest() + hashlib.sha256(raw).digest())
    return folder / f"validate-{digest.hexdigest()[:32]}.json"


def read_verdict(path: Path | None, count: int) -> list[tuple[str, str]] | None:
    """The kept verdict, (file, kind) for each of `count` files; None when absent or not such a list."""
    data = read_json(path)
    if not isinstance(data, list) or len(data) != count:
        return None
    if not all(isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in data):
        return None
    return [(name, kind) for name, kind in data]


def validate_with_verdicts(
    paths: Sequence[Path], catalogs: Sequence[Path], criteria: Path | None
) -> list[tuple[str, str]]:
    """`validate`: (file, kind) of each valid input; the first invalid one raises its located error.

    Files found valid with the built-in catalogue and criteria, given again unchanged, get the verdict kept then
    (named by their bytes): the models and Pydantic are not loaded. Any change, or an invalid file, is validated.
    """
    path = None if catalogs or criteria else verdict_file(paths)
    checked = read_verdict(path, len(paths))
    if checked is None:
        from toolassess.inputs.files import read_all
        from toolassess.inputs.validation import validate_documents

        docs = read_all(list(paths))
        checked = [(name, kind.value) for name, kind in validate_documents(docs, list(catalogs), criteria)]
        if path is not None and [doc.path for doc in docs] == [str(p) for p in paths]:
            # Named by the bytes validated, not those digested above: a file saved in between must not leave its
            # earlier (perhaps invalid) version with this verdict.
            write_json(verdict_file_of([(doc.path, doc.raw) for doc in docs]), checked)
    return checked


def read_json(path: Path | None) -> Any:
    """The cached JSON, or None when absent or unreadable."""
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_json(path: Path | None, data: Any) -> None:
    """Keep a copy (atomically: a reader never sees half a file); a cache that cannot be written is skipped."""
    if path is None:
        return
    import tempfile  # only a cache miss writes: the answers from the cache do not pay for its import

    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
