"""Writing reports: whole or not at all (temporary file in the same folder, then an atomic rename)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from toolassess.errors import ToolassessError, UsageError

if TYPE_CHECKING:
    pass


def write_atomically(path: Path, data: bytes, swept: bool = False) -> None:
    """Write `data` to `path` so that readers see the old file or the complete new one, never a part.

    The temporary file is removed on any failure, Ctrl-C included; an existing report is replaced only
    once the new one is complete on disk. `swept`: the caller already removed killed runs' leftovers.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ToolassessError(f"{path.parent}: cannot create folder: {error.strerror or error}") from None
    if not swept:
        remove_leftovers(path.parent, {path.name})
    try:
        # The writer's process id is in the name: a later run can tell a killed writer's leftover from a live one.
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.{os.getpid()}.", suffix=PARTIAL_SUFFIX, dir=path.parent
        )
    except OSError as error:
        raise ToolassessError(f"{path}: cannot write report: {error.strerror or error}") from None
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


PARTIAL_SUFFIX = ".partial"


def remove_leftovers(folder: Path, names: Container[str]) -> None:
    """Remove the temporary files killed runs left in `folder` for these report names (writer gone).

    Only this program's own pattern (`.<name>.<pid>.<random>.partial`) for these very files is touched, and only
    when the process that wrote it is no longer running; a concurrent writer's file is left alone. One scan of the
    folder for all the names: a portfolio sweeps its folder once, not once per report.
    """
    try:
        candidates = [entry for entry in os.scandir(folder) if entry.name.endswith(PARTIAL_SUFFIX)]
    except OSError:
        return
    for entry in candidates:
        parts = entry.name[1:].removesuffix(PARTIAL_SUFFIX).rsplit(".", 2)  # name, pid, random
        if (
            not entry.name.startswith(".")
            or len(parts) != 3
            or parts[0] not in names
            or not parts[1].isdigit()
            or not entry.is_file(follow_symlinks=False)
        ):
            continue
        if not _running(int(parts[1])):
            with contextlib.suppress(OSError):  # someone else's file we may not remove: leave it
                Path(entry.path).unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's live process, or a pid we cannot check: leave its file
    return True


class ProtectedInputs:
    """Input files no report may replace, resolved once (a portfolio checks each plan's reports against all)."""

    def __init__(self, inputs: Iterable[Path]) -> None:
        self.by_resolved = {_resolved(p): p for p in inputs}

    def check(self, outputs: Iterable[Path]) -> None:
        """Refuse any report path that is one of the inputs (compared after resolving symbolic links)."""
        for output in outputs:
            clash = self.by_resolved.get(_resolved(output))
            if clash is not None:
                raise UsageError(f"{output}: is an input ({clash}); refusing to overwrite it — choose another --out")


def refuse_overwriting_inputs(outputs: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse any report path that is one of the inputs (compared after resolving symbolic links)."""
    ProtectedInputs(inputs).check(outputs)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop: compare as written
        return path.absolute()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
