"""Writing reports: whole or not at all (temporary file in the same folder, then an atomic rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from toolassess.errors import ToolassessError


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the complete new one, never a part.

    The temporary file is removed on any failure, Ctrl-C included; an existing report is replaced only
    once the new one is complete on disk.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ToolassessError(f"{path.parent}: cannot create folder: {error.strerror or error}") from None
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp creates 0600; a report is an ordinary file
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ToolassessError(f"{path}: cannot write report: {error.strerror or error}") from None
        raise


def report_paths(stem: str, extensions: list[str], audience: str, lang: str, out: Path | None) -> dict[str, Path]:
    """Where each report goes: `reports/<plan>-<audience>-<lang>.<ext>` by default.

    `--out` is a file when one format is asked and it has a suffix, else a folder.
    """
    folder = Path("reports")
    if out is not None:
        if len(extensions) == 1 and out.suffix:
            return {extensions[0]: out}
        folder = out
    return {ext: folder / f"{stem}-{audience}-{lang}.{ext}" for ext in extensions}


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
