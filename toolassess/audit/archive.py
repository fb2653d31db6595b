"""What an archival PDF carries, so that `verify` can rebuild the very same file from it.

Attachments, in this order: every input file (in the order of `assessment.inputs.files`), `render.json` (the
audience and the names of any custom templates), the custom templates themselves, then `assessment.json`.
Names are `input-<n>-<file name>`: unique whatever the paths were (two `p.yaml` in different folders), and
free of any local folder.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from toolassess.errors import ToolassessError

RENDER_INFO = "render.json"
ASSESSMENT = "assessment.json"
TEMPLATE_PREFIX = "template-"


def attachment_name(index: int, path: str) -> str:
    """The attachment name of the index-th input: its file name, made safe and unique by its position."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("\\", "/").rsplit("/", 1)[-1]) or "input"
    return f"input-{index:03d}-{base}"


def render_info(audience: str, template_names: Sequence[str]) -> bytes:
    """What, besides the assessment, decided the rendering (canonical JSON).

    The audience, the custom templates, and the digest of the program that rendered it (another build may lay the
    same pages out differently).
    """
    info = {"audience": audience, "templates": sorted(template_names), "renderer": renderer_digest()}
    return json.dumps(info, sort_keys=True).encode()


@functools.cache
def renderer_digest() -> str:
    """A digest of the program's own files (code, templates, stylesheet, translations), not of the data it reads."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if path.suffix in (".py", ".j2", ".css", ".po") and not relative.startswith(("catalog/", "scenarios/")):
            digest.update(relative.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


MAX_TEMPLATE_FILES = 200
MAX_TEMPLATE_BYTES = 1024 * 1024
"""One template file (templates and a stylesheet are a few kilobytes; a logo as a data URI a few hundred)."""
MAX_TEMPLATE_DEPTH = 4


def template_paths(template_dir: Path | None) -> list[tuple[str, Path]]:
    """The files of a --template-dir the renderer can read, by name relative to it ('sub/foot.j2'), sorted.

    Only regular files inside the folder count (a symbolic link out of it is not a template: the loader refuses
    it too); the walk is bounded in depth, number and size, so a folder cannot make a report carry gigabytes.
    """
    if template_dir is None:
        return []
    root = template_dir.resolve()
    found: list[tuple[str, Path]] = []
    pending = [(root, 0)]
    while pending:
        folder, depth = pending.pop()
        for entry in sorted(folder.iterdir()):
            resolved = entry.resolve()
            if not resolved.is_relative_to(root):
                continue
            if entry.is_dir() and not entry.is_symlink():
                if depth + 1 > MAX_TEMPLATE_DEPTH:
                    raise ToolassessError(f"{entry}: template folders nested deeper than {MAX_TEMPLATE_DEPTH} levels")
                pending.append((entry, depth + 1))
            elif resolved.is_file():
                if resolved.stat().st_size > MAX_TEMPLATE_BYTES:
                    raise ToolassessError(f"{entry}: template file larger than {MAX_TEMPLATE_BYTES // 1024} KiB")
                found.append((entry.relative_to(root).as_posix(), entry))
                if len(found) > MAX_TEMPLATE_FILES:
                    raise ToolassessError(f"{template_dir}: more than {MAX_TEMPLATE_FILES} files")
    return sorted(found)


def template_files(template_dir: Path | None) -> list[tuple[str, bytes]]:
    """The template files (see template_paths) with their bytes, to attach to an archival PDF."""
    return [(name, path.read_bytes()) for name, path in template_paths(template_dir)]


def safe_template_name(name: str) -> bool:
    """A name from an attachment that can be written under a folder without leaving it."""
    parts = name.split("/")
    return (
        0 < len(name) <= 255
        and "\x00" not in name
        and "\\" not in name
        and all(part not in ("", ".", "..") for part in parts)
        and len(parts) <= MAX_TEMPLATE_DEPTH + 1
    )


def archival_attachments(
    inputs: Sequence[tuple[str, bytes]],
    assessment_json: bytes,
    audience: str,
    templates: Sequence[tuple[str, bytes]] = (),
) -> list[tuple[str, bytes]]:
    """The attachments of an archival PDF, from the inputs (recorded path, bytes) in the assessment's order."""
    files = [(attachment_name(index, path), raw) for index, (path, raw) in enumerate(inputs)]
    files.append((RENDER_INFO, render_info(audience, [name for name, _ in templates])))
    files += [(TEMPLATE_PREFIX + name, raw) for name, raw in templates]
    return [*files, (ASSESSMENT, assessment_json)]
