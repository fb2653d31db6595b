"""The report pipeline: loaded inputs + a request → one Assessment, rendered in each format, written whole.

The CLI (`assess`, `report`) and the portfolio workers call the same function; the request carries the language,
nothing is mutated, and no report may replace an input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toolassess.errors import UsageError
from toolassess.models.base import Lang
from toolassess.reporting import Audience, ReportFormat
from toolassess.reporting.writing import ProtectedInputs, refuse_overwriting_inputs, write_atomically

if TYPE_CHECKING:
    from toolassess.inputs.bundle import AssessmentInputs
    from toolassess.models.assessment import Assessment
    from toolassess.reuse import Reuse

FORMAT_CHOICES = ", ".join(f.value for f in ReportFormat)


@dataclass(frozen=True)
class ReportRequest:
    """What to write for a plan: formats, audience, language (None: the plan's), where, with which templates."""

    formats: tuple[ReportFormat, ...]
    audience: Audience = Audience.PLANNER
    lang: Lang | None = None
    out: Path | None = None  # a file when one format is asked and it has a suffix, else a folder (default reports/)
    template_dir: Path | None = None
    stem: str | None = None  # the report's name (default: the plan file's stem)
    swept: bool = False  # killed runs' leftovers already removed from the folder (a portfolio sweeps it once)

    @classmethod
    def parse(
        cls,
        formats: str,
        audience: str,
        lang: str | None = None,
        out: Path | None = None,
        template_dir: Path | None = None,
    ) -> ReportRequest:
        """A request from command-line text, each bad value a one-line usage error naming its option."""
        try:
            wanted = tuple(dict.fromkeys(ReportFormat(f.strip()) for f in formats.split(",") if f.strip()))
        except ValueError as error:
            raise UsageError(f"--format: {error} (choose from {FORMAT_CHOICES})") from None
        if not wanted:
            raise UsageError(f"--format: no format given (choose from {FORMAT_CHOICES})")
        try:
            audience_value = Audience(audience)
        except ValueError:
            raise UsageError(f"--audience: '{audience}' is not one of planner, dpo, auditor") from None
        if lang is not None and lang not in ("fr", "en"):
            raise UsageError(f"--lang: '{lang}' is not one of fr, en")
        if template_dir is not None and not template_dir.is_dir():
            raise UsageError(f"--template-dir {template_dir}: no such folder")
        return cls(wanted, audience_value, lang, out, template_dir)  # type: ignore[arg-type]  # lang checked above

    def template_files(self) -> list[Path]:
        """The files of the template folder: inputs too, which a report must not replace."""
        from toolassess.audit.archive import template_paths

        return [path for _name, path in template_paths(self.template_dir)]

    def paths(self, plan_stem: str, lang: str) -> dict[ReportFormat, Path]:
        """Where each report goes: `reports/<plan>-<audience>-<lang>.<ext>` by default."""
        folder = Path("reports")
        if self.out is not None:
            if len(self.formats) == 1 and self.out.suffix:
                return {self.formats[0]: self.out}
            folder = self.out
        stem = self.stem or plan_stem
        return {f: folder / f"{stem}-{self.audience.value}-{lang}.{f.value}" for f in self.formats}


@dataclass(frozen=True)
class Reports:
    """What one run of the pipeline produced."""

    assessment: Assessment
    paths: dict[ReportFormat, Path]
    json_bytes: bytes  # the canonical JSON of the assessment (also what an archival PDF carries)


def produce_reports(
    inputs: AssessmentInputs,
    request: ReportRequest,
    before_writing: Callable[[Assessment], None] | None = None,
    on_format: Callable[[ReportFormat], None] | None = None,
    reuse: Reuse | None = None,
    protected: ProtectedInputs | None = None,
) -> Reports:
    """Build the Assessment once, render each asked format and write each file atomically.

    `before_writing` sees the assessment first (the terminal summary); `on_format` is told each format as it starts;
    `reuse` keeps what the plans of a portfolio share; `protected` are more inputs no report may replace (a
    portfolio's other plans).
    """
    from toolassess.assess import build_assessment
    from toolassess.reporting.json import render_json

    assessment = build_assessment(inputs, lang=request.lang, reuse=reuse)
    paths = request.paths(Path(inputs.plan_doc.path).stem, assessment.lang)
    refuse_overwriting_inputs(paths.values(), [*inputs.files(), *request.template_files()])
    if protected is not None:
        protected.check(paths.values())
    if before_writing is not None:
        before_writing(assessment)
    json_bytes = render_json(assessment).encode("utf-8")
    for report_format, path in paths.items():
        if on_format is not None:
            on_format(report_format)
        write_atomically(path, render(inputs, assessment, report_format, request, json_bytes), request.swept)
    return Reports(assessment, paths, json_bytes)


def render(
    inputs: AssessmentInputs,
    assessment: Assessment,
    report_format: ReportFormat,
    request: ReportRequest,
    json_bytes: bytes,
) -> bytes:
    """One report's bytes; an archival PDF carries every input, how it was rendered, and the JSON."""
    from toolassess.reporting import render_report

    if report_format is ReportFormat.JSON:
        return json_bytes
    attachments = (
        input_attachments(inputs, json_bytes, request.audience.value, request.template_dir)
        if report_format is ReportFormat.PDF
        else []
    )
    return render_report(assessment, report_format, request.audience, request.template_dir, attachments)


def input_attachments(
    inputs: AssessmentInputs, assessment_json: bytes, audience: str = "planner", template_dir: Path | None = None
) -> list[tuple[str, bytes]]:
    """The files to embed in an archival PDF (see audit/archive.py): every input, the rendering, and the JSON."""
    from toolassess.audit.archive import archival_attachments, template_files

    return archival_attachments(
        [(doc.recorded_path, doc.raw) for doc in inputs.documents()],
        assessment_json,
        audience,
        template_files(template_dir),
    )
