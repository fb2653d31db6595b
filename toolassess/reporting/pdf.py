"""PDF report: the HTML report through WeasyPrint, archival (PDF/A-3b) with its inputs attached, fetching nothing.

WeasyPrint is imported here only, so the CLI starts fast unless a PDF is rendered.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from toolassess.models.assessment import Assessment
from toolassess.reporting import Audience
from toolassess.reporting.html import render_html


def _data_only_fetcher() -> Any:
    """A fetcher that serves `data:` URIs and refuses everything else (no file, no network, no redirect).

    The report inlines its CSS and diagram, so nothing else is ever needed; an `<img src="file:///…">` or
    `@import url(http://…)` smuggled in through a template cannot read a file or reach a server.
    """
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        refused: list[str]

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
            self.refused = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"toolassess reports fetch nothing outside their own content: {url}")
            return super().fetch(url, headers)

    return DataOnlyFetcher()


def render_pdf(
    assessment: Assessment,
    audience: Audience = Audience.PLANNER,
    attachments: Sequence[tuple[str, bytes]] = (),
    template_dir: Any = None,
) -> bytes:
    """The report as PDF/A-3b bytes, with `attachments` (inputs, JSON) embedded as its sources.

    Identical inputs and SOURCE_DATE_EPOCH give identical bytes (WeasyPrint's font-subset timestamps
    follow SOURCE_DATE_EPOCH); document dates come from the assessment date (dcterms metadata).
    """
    return html_to_pdf(render_html(assessment, audience, template_dir), attachments, assessment.assessed_on)


def html_to_pdf(html: str, attachments: Sequence[tuple[str, bytes]], dated: date) -> bytes:
    """Self-contained HTML → PDF/A-3b bytes with attachments, fetching nothing but data: URIs."""
    from weasyprint import HTML, Attachment

    stamp = datetime.combine(dated, time(0, 0), tzinfo=UTC)
    files = [
        Attachment(
            file_obj=io.BytesIO(content),
            name=name,
            description="toolassess input" if not name.endswith(".json") else "toolassess assessment (JSON)",
            created=stamp,
            modified=stamp,
            relationship="Source",
        )
        for name, content in attachments
    ]
    document = HTML(string=html, url_fetcher=_data_only_fetcher(), base_url="data:,").render()
    return bytes(document.write_pdf(pdf_variant="pdf/a-3b", attachments=files, uncompressed_pdf=False))
