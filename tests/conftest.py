"""Shared fixtures: a CLI runner that keeps stdout and stderr apart, and a temporary working folder."""

from __future__ import annotations

import os
from datetime import date

import pytest
from typer.testing import CliRunner

from toolassess.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    def run(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return run


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """Run in an empty folder so error messages show short relative paths."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


SMALL_PLAN = """\
name: Cellule restreinte
lang: fr
profile: management-team
channels:
  - {tool: signal, purpose: [communication], role: primary, last_tested: 2026-10-01}
  - {tool: sms, purpose: [notification], role: primary, last_tested: 2026-10-01}
"""
"""A plan whose archival PDF is half the example's (18 pages, not 37): tamper and audit-trail tests need a real
report, not the example's; the example's own report is rendered and verified once, in test_audit.py."""


@pytest.fixture(scope="session")
def small_plan() -> str:
    return SMALL_PLAN


EXAMPLE_AS_OF = date(2026, 12, 1)
EXAMPLE_EPOCH = "1796083200"  # 2026-12-01T00:00:00Z


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """The example's archival PDF in French and English, and the French one rendered again (byte identity),
    dated by SOURCE_DATE_EPOCH; rendered once for the whole run (each takes seconds)."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.inputs.files import EXAMPLE_PLAN
    from toolassess.reporting import Audience, ReportFormat, render_report
    from toolassess.reporting.json import render_json
    from toolassess.reporting.pipeline import input_attachments

    def render(lang: str):
        inputs = load_inputs(EXAMPLE_PLAN, as_of=EXAMPLE_AS_OF)
        inputs.plan = inputs.plan.model_copy(update={"lang": lang})
        assessment = build_assessment(inputs)
        json_bytes = render_json(assessment).encode()
        data = render_report(
            assessment, ReportFormat.PDF, Audience.PLANNER, None, input_attachments(inputs, json_bytes)
        )
        return inputs, assessment, json_bytes, data

    folder = tmp_path_factory.mktemp("pdf")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EXAMPLE_EPOCH
    try:
        result: dict = {}
        for lang in ("fr", "en"):
            inputs, assessment, json_bytes, data = render(lang)
            path = folder / f"report-{lang}.pdf"
            path.write_bytes(data)
            result[lang] = (path, assessment)
            result[f"archive-{lang}"] = (path, inputs, assessment, json_bytes)
        result["again"] = render("fr")[3]
        return result
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
