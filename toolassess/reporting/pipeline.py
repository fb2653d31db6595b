"""The report pipeline."""

from __future__ import annotations

from pathlib import Path

from toolassess.inputs.bundle import AssessmentInputs


def input_attachments(
    inputs: AssessmentInputs, assessment_json: bytes, audience: str = "planner", template_dir: Path | None = None
) -> list[tuple[str, bytes]]:
    """The files to embed in an archival PDF (see archive.py): every input, how it was rendered, and the JSON."""
    from toolassess.audit.archive import archival_attachments, template_files

    return archival_attachments(
        [(doc.recorded_path, doc.raw) for doc in inputs.documents()],
        assessment_json,
        audience,
        template_files(template_dir),
    )
