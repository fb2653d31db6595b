"""Where toolassess keeps copies of what it derived from its built-in files, keyed by their digest.

Imports nothing heavy: `tools list` answers from here without loading the model layer. $TOOLASSESS_CACHE_DIR sets
the folder ('' disables every cache), else $XDG_CACHE_HOME/toolassess or ~/.cache/toolassess. A copy is never
trusted blindly: a missing, unreadable or malformed file is simply rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

BUILTIN_CATALOG = Path(__file__).parent.parent / "catalog"


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is disabled."""
    setting = os.environ.get("TOOLASSESS_CACHE_DIR")
    if setting == "":
        return None
    return Path(setting) if setting else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolassess"


@cache
def builtin_catalog_digest() -> str:
    """A digest of the program's version and of every built-in catalogue file (name and bytes)."""
    from toolassess import __version__

    digest = hashlib.sha256(__version__.encode())
    for path in sorted(p for p in BUILTIN_CATALOG.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
        digest.update(path.relative_to(BUILTIN_CATALOG).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cache_file(kind: str, *key: object) -> Path | None:
    """The file for a derived copy of the built-in catalogue: `kind`, and what else it depends on."""
    folder = cache_dir()
    if folder is None:
        return None
    extra = hashlib.sha256(json.dumps([str(k) for k in key]).encode()).hexdigest()[:16] if key else ""
    return folder / f"{kind}-{builtin_catalog_digest()}{'-' + extra if extra else ''}.json"


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
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(data, handle, ensure_ascii=False)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)
