"""Benchmark: the bundled example to PDF end to end, and the share spent outside WeasyPrint (our overhead)."""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("SOURCE_DATE_EPOCH", "1795478400")


def main() -> None:
    started = time.perf_counter()
    import weasyprint

    import_seconds = time.perf_counter() - started
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.inputs.files import EXAMPLE_PLAN
    from toolassess.reporting.html import render_html
    from toolassess.reporting.json import render_json
    from toolassess.reporting.pdf import _data_only_fetcher
    from toolassess.reporting.pipeline import input_attachments

    totals, ours, pages = [], [], 0
    for _ in range(3):
        t0 = time.perf_counter()
        inputs = load_inputs(EXAMPLE_PLAN)
        assessment = build_assessment(inputs)
        json_bytes = render_json(assessment).encode()
        attachments = input_attachments(inputs, json_bytes)
        html = render_html(assessment)
        t1 = time.perf_counter()
        document = weasyprint.HTML(string=html, url_fetcher=_data_only_fetcher(), base_url="data:,").render()
        files = [
            weasyprint.Attachment(string=content, name=name, relationship="Source") for name, content in attachments
        ]
        document.write_pdf(pdf_variant="pdf/a-3b", attachments=files)
        t2 = time.perf_counter()
        pages = len(document.pages)
        totals.append(t2 - t0)
        ours.append(t1 - t0)
    total, own = statistics.median(totals), statistics.median(ours)
    print(f"import weasyprint: {import_seconds:.2f} s (once per process)")
    print(f"bundled example to PDF ({pages} pages): median {total:.2f} s end to end (target < 5 s)")
    print(f"our overhead (load, analyse, HTML): {own:.2f} s = {own / total:.0%} of the render (target < 15 %)")


if __name__ == "__main__":
    main()
