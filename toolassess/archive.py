"""What an archival PDF carries, so that `verify` can rebuild the very same file from it.

Attachments, in this order: every input file (in the order of `assessment.inputs.files`), `render.json` (the
audience and the names of any custom templates), the custom templates themselves, then `assessment.json`.
Names are `input-<n>-<file name>`: unique whatever the paths were (two `p.yaml` in different folders), and
free of any local folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

RENDER_INFO = "render.json"
ASSESSMENT = "assessment.json"
TEMPLATE_PREFIX = "template-"


def attachment_name(index: int, path: str) -> str:
    """The attachment name of the index-th input: its file name, made safe and unique by its position."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", path.replace("\\", "/").rsplit("/", 1)[-1]) or "input"
    return f"input-{index:03d}-{base}"


def render_info(audience: str, template_names: Sequence[str]) -> bytes:
    """What, besides the assessment, decided the rendering (canonical JSON)."""
    return json.dumps({"audience": audience, "templates": sorted(template_names)}, sort_keys=True).encode()


def template_files(template_dir: Path | None) -> list[tuple[str, bytes]]:
    """The files of a --template-dir that the renderer can read (its top level), by name."""
    if template_dir is None:
        return []
    return sorted((p.name, p.read_bytes()) for p in template_dir.iterdir() if p.is_file())


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
