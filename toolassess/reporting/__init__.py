"""Renderers: each takes the Assessment and returns text or bytes; the CLI decides where they go."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # renderers and models are imported when a report is rendered, not by every command
    from toolassess.models.assessment import Assessment


class Audience(StrEnum):
    """Who the report is written for: it decides the order and depth of the sections."""

    PLANNER = "planner"
    DPO = "dpo"
    AUDITOR = "auditor"


class ReportFormat(StrEnum):
    """The report formats; `render_report` maps every member (a test loops over all of them)."""

    PDF = "pdf"
    HTML = "html"
    MD = "md"
    JSON = "json"
    CSV = "csv"


def render_report(
    assessment: Assessment,
    report_format: ReportFormat,
    audience: Audience = Audience.PLANNER,
    template_dir: Path | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """One report as bytes (UTF-8 for the text formats)."""
    if report_format is ReportFormat.JSON:
        from toolassess.reporting.json import render_json

        return render_json(assessment).encode("utf-8")
    if report_format is ReportFormat.CSV:
        from toolassess.reporting.csv import render_csv

        return render_csv(assessment).encode("utf-8")
    if report_format is ReportFormat.MD:
        from toolassess.reporting.markdown import render_markdown

        return render_markdown(assessment, audience, template_dir).encode("utf-8")
    if report_format is ReportFormat.HTML:
        from toolassess.reporting.html import render_html

        return render_html(assessment, audience, template_dir).encode("utf-8")
    if report_format is ReportFormat.PDF:
        from toolassess.reporting.pdf import render_pdf

        return render_pdf(assessment, audience, attachments, template_dir)
    raise AssertionError(f"unhandled report format {report_format}")  # pragma: no cover
