"""Auditors and scale: compare on constructed pairs, portfolio aggregates, verify untouched and tampered PDFs."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from toolassess.assess import build_assessment
from toolassess.audit.compare import compare_assessments
from toolassess.audit.portfolio import digest, summarize_portfolio
from toolassess.audit.verify import verify_report
from toolassess.inputs.bundle import load_inputs
from toolassess.inputs.files import EXAMPLE_PLAN
from toolassess.models.assessment import Assessment
from toolassess.reporting.json import render_json
from toolassess.reporting.pdf import render_pdf
from toolassess.reporting.pipeline import input_attachments

ROOT = Path(__file__).parents[1]
AS_OF = date(2026, 12, 1)


def assess_file(path: Path, catalog: list[Path] | None = None):
    return build_assessment(load_inputs(path, catalog or [], as_of=AS_OF))


def override_whatsapp(folder: Path, e2ee_groups: str) -> Path:
    """A catalogue override that changes one fact of WhatsApp (value, source and date)."""
    (folder / "whatsapp.yaml").write_text(
        "overrides: whatsapp\nfacts:\n  e2ee_groups:\n"
        f"    value: {e2ee_groups}\n    source: https://example.org/audit\n    checked: 2026-11-20\n",
        encoding="utf-8",
    )
    return folder


def test_compare_explains_a_catalogue_fact_change_end_to_end(tmp_path):
    old = assess_file(EXAMPLE_PLAN)
    new = assess_file(EXAMPLE_PLAN, [override_whatsapp(tmp_path, "none")])
    comparison = compare_assessments(old, new)
    fact = next(f for f in comparison.facts if f.tool == "whatsapp" and f.fact == "e2ee_groups")
    assert (fact.old_value, fact.new_value) == ("default", "none")
    assert fact.new_source == "https://example.org/audit" and fact.new_checked == "2026-11-20"
    whatsapp = next(s for s in comparison.scores if s.tool == "whatsapp")
    assert whatsapp.delta < 0 and whatsapp.categories["encryption"] < 0
    assert comparison.catalog_changed and comparison.regression
    assert any(i.change == "added" for i in comparison.inputs)
    assert all(s.delta == 0 for s in comparison.scores if s.tool != "whatsapp")


def test_compare_of_identical_assessments_is_empty():
    a = assess_file(EXAMPLE_PLAN)
    comparison = compare_assessments(a, a)
    assert not (
        comparison.facts
        or comparison.criteria
        or comparison.findings_added
        or comparison.findings_resolved
        or comparison.inputs
    )
    assert not comparison.regression


def test_compare_cli_formats_and_fail_on(workdir, invoke, tmp_path):
    old = assess_file(EXAMPLE_PLAN)
    new = assess_file(EXAMPLE_PLAN, [override_whatsapp(tmp_path, "none")])
    (workdir / "old.json").write_text(render_json(old), encoding="utf-8")
    (workdir / "new.json").write_text(render_json(new), encoding="utf-8")
    result = invoke("compare", "old.json", "new.json", "--format", "json")
    assert json.loads(result.stdout)["regression"] is True
    assert invoke("compare", "old.json", "new.json", "--fail-on", "regression").exit_code == 1
    assert invoke("compare", "old.json", "old.json", "--fail-on", "regression").exit_code == 0
    assert "## Facts changed" in invoke("compare", "old.json", "new.json", "--format", "md").stdout
    (workdir / "broken.json").write_text('{"schema_version": 1, "plan": 5}')
    broken = invoke("compare", "broken.json", "new.json")
    assert broken.exit_code == 2 and broken.stderr.startswith("broken.json:1:")


def test_portfolio_aggregates_on_a_small_known_set():
    plans = sorted((ROOT / "examples" / "portfolio").glob("*.yaml"))
    portfolio = summarize_portfolio([digest(str(p), assess_file(p)) for p in plans])
    assert portfolio.plans == len(plans) == 6
    usage = {s.key: s.plans for s in portfolio.tool_usage}
    assert usage["sms"] == 4 and usage["tchap"] == 2 and usage["whatsapp"] == 2
    meta = next(s for s in portfolio.backup_concentration if s.key == "meta-platform")
    assert meta.plans == 2 and meta.share == pytest.approx(2 / 6, abs=0.001)  # commune A (messenger), B (whatsapp)
    pairs = {tuple(r.tools): r for r in portfolio.false_redundancies}
    assert "meta-platform" in pairs[("messenger", "whatsapp")].components
    never = {line.file.split("/")[-1]: line.never_tested for line in portfolio.lines}
    assert never["commune-a.yaml"] == ["messenger"] and never["prefecture.yaml"] == []


def test_assess_a_folder_writes_every_plan_and_the_portfolio(workdir, invoke):
    result = invoke("assess", str(ROOT / "examples" / "portfolio"), "--format", "json", "--workers", "2")
    assert result.exit_code == 0, result.stderr
    names = {p.name for p in (workdir / "reports").iterdir()}
    assert {"portfolio.json", "portfolio.md", "commune-a-planner-fr.json", "hospital-planner-en.json"} <= names
    portfolio = json.loads((workdir / "reports" / "portfolio.json").read_text(encoding="utf-8"))
    assert portfolio["plans"] == 6
    # The workers send the parent only digests; the portfolio is the same rebuilt from the plans' JSON reports.
    plans = sorted((ROOT / "examples" / "portfolio").glob("*.yaml"))
    rebuilt = summarize_portfolio(
        [
            digest(
                str(p),
                Assessment.model_validate_json((workdir / "reports" / f"{p.stem}-planner-{lang}.json").read_bytes()),
            )
            for p in plans
            for lang in ("fr", "en")
            if (workdir / "reports" / f"{p.stem}-planner-{lang}.json").is_file()
        ]
    )
    assert json.loads(render_json(rebuilt)) == portfolio


def test_a_portfolio_is_written_in_the_language_asked(workdir, invoke):
    """--lang is honoured by every plan's report and by the portfolio report (headings, names, numbers)."""
    result = invoke(
        "assess", str(ROOT / "examples" / "portfolio"), "--format", "json", "--lang", "fr", "--workers", "1"
    )
    assert result.exit_code == 0, result.stderr
    reports = workdir / "reports"
    assert {p.name for p in reports.glob("*-planner-*.json")} == {
        f"{p.stem}-planner-fr.json" for p in (ROOT / "examples" / "portfolio").glob("*.yaml")
    }
    markdown = (reports / "portfolio.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Portefeuille de 6 plans de communication de crise")
    assert "Ce dont dépendent les moyens de secours" in markdown and "What the backups" not in markdown
    # tools and components by name in every table, headers in French too (no "tool", no "cell-broadcast + sirens")
    assert "| outil | plans | part |" in markdown and "| outils | composants | plans |" in markdown
    assert "Sirènes d'alerte + " in markdown or " + Sirènes d'alerte" in markdown
    assert not [w for w in ("cell-broadcast", "power-grid", "x-twitter", "| messenger |") if w in markdown]
    assert json.loads((reports / "portfolio.json").read_text(encoding="utf-8"))["lang"] == "fr"
    english = invoke(
        "assess", str(ROOT / "examples" / "portfolio"), "--format", "json", "--lang", "en", "--workers", "1"
    )
    assert english.exit_code == 0, english.stderr
    assert (reports / "portfolio.md").read_text(encoding="utf-8").startswith("# Portfolio of 6 crisis communication")


def test_a_bad_plan_in_a_portfolio_is_reported_and_the_others_written(workdir, invoke):
    (workdir / "plans").mkdir()
    (workdir / "plans" / "good.yaml").write_text("name: good\nchannels:\n  - {tool: sms, purpose: [notification]}\n")
    (workdir / "plans" / "bad.yaml").write_text("name: bad\nchannels:\n  - {tool: smss, purpose: [notification]}\n")
    result = invoke("assess", "plans", "--format", "json", "--workers", "1")
    assert result.exit_code == 2
    assert "plans/bad.yaml:3:12: channels.0.tool: unknown tool 'smss'" in result.stderr
    assert (workdir / "reports" / "good-planner-en.json").is_file()
    portfolio = json.loads((workdir / "reports" / "portfolio.json").read_text(encoding="utf-8"))
    assert portfolio["plans"] == 1 and [f["file"] for f in portfolio["failed"]] == ["plans/bad.yaml"]
    assert "unknown tool 'smss'" in (workdir / "reports" / "portfolio.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_portfolio_workers_run_under_every_start_method(tmp_path, method):
    """forkserver is Linux's default from Python 3.14 and spawn macOS's: workers then load the inputs themselves."""
    import functools

    from toolassess.inputs.bundle import load_shared
    from toolassess.reporting.batch import PlanJob, assess_job, prepare, run_parallel
    from toolassess.reporting.pipeline import ReportRequest

    plans = [ROOT / "examples" / "portfolio" / name for name in ("commune-a.yaml", "hospital.yaml")]
    prepare(load_shared(as_of=AS_OF))
    load = functools.partial(load_shared, [], None, [], 365, AS_OF)
    request = ReportRequest.parse("json", "planner", out=tmp_path)
    jobs = [PlanJob(p, request) for p in plans]
    results = list(run_parallel(jobs, assess_job, 2, load, start_method=method))
    assert sorted(status for _, status, _ in results) == ["ok", "ok"], results
    assert len(list(tmp_path.glob("*.json"))) == 2


# ---------------------------------------------------------------- verify


def _archival_report(folder: Path, plan: Path):
    inputs = load_inputs(plan, as_of=AS_OF)
    assessment = build_assessment(inputs)
    json_bytes = render_json(assessment).encode("utf-8")
    path = folder / "report.pdf"
    path.write_bytes(render_pdf(assessment, attachments=input_attachments(inputs, json_bytes)))
    return path, inputs, assessment, json_bytes


@pytest.fixture(scope="module")
def report_pdf(pdfs):
    """The example's archival report (rendered once per run, see conftest.py)."""
    return pdfs["archive-fr"]


@pytest.fixture(scope="module")
def small_report_pdf(tmp_path_factory, small_plan):
    """A small plan's archival report, to tamper with."""
    folder = tmp_path_factory.mktemp("small")
    (folder / "plan.yaml").write_text(small_plan, encoding="utf-8")
    return _archival_report(folder, folder / "plan.yaml")


def test_verify_accepts_an_untouched_report(report_pdf, invoke):
    """The example's whole report rebuilt from its attachments, byte for byte (one rebuild: they take seconds)."""
    cli = invoke("verify", str(report_pdf[0]), "--format", "json")
    result = json.loads(cli.stdout)
    assert cli.exit_code == 0 and result["ok"], result["checks"]
    assert [c["name"] for c in result["checks"]] == [
        "inputs",
        "recomputation",
        "whole file",
        "signature",
        "printed scores",
    ]


def test_verify_catches_a_doctored_assessment(small_report_pdf, tmp_path, invoke):
    _, inputs, assessment, _ = small_report_pdf
    doctored = assessment.model_copy(
        update={
            "scores": [
                s.model_copy(update={"purposes": [p.model_copy(update={"score": 99.0}) for p in s.purposes]})
                if s.tool == "signal"
                else s
                for s in assessment.scores
            ]
        }
    )
    forged_json = render_json(doctored).encode("utf-8")
    path = tmp_path / "forged.pdf"
    path.write_bytes(render_pdf(doctored, attachments=input_attachments(inputs, forged_json)))
    result = verify_report(path)
    failed = {c.name for c in result.checks if not c.ok}
    assert not result.ok and "recomputation" in failed
    assert invoke("verify", str(path)).exit_code == 1


def test_verify_catches_an_altered_input(small_report_pdf, tmp_path):
    _, inputs, assessment, json_bytes = small_report_pdf
    attachments = [
        (name, data.replace(b"tool: signal", b"tool: tchap") if name.endswith("plan.yaml") else data)
        for name, data in input_attachments(inputs, json_bytes)
    ]
    path = tmp_path / "altered.pdf"
    path.write_bytes(render_pdf(assessment, attachments=attachments))
    result = verify_report(path)
    inputs_check = next(c for c in result.checks if c.name == "inputs")
    assert not result.ok and not inputs_check.ok and "sha256 differs" in inputs_check.detail


def test_verify_refuses_a_pdf_without_attachments(tmp_path, invoke):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with (tmp_path / "plain.pdf").open("wb") as handle:
        writer.write(handle)
    result = invoke("verify", str(tmp_path / "plain.pdf"))
    assert result.exit_code == 2 and "no assessment.json attached" in result.stderr
    (tmp_path / "junk.pdf").write_bytes(os.urandom(64))
    assert invoke("verify", str(tmp_path / "junk.pdf")).exit_code == 2


def test_the_audit_trail_records_one_path_however_it_is_typed(workdir, invoke, small_plan):
    (workdir / "plan.yaml").write_text(small_plan, encoding="utf-8")
    (workdir / "sub").mkdir()
    outputs = []
    for n, typed in enumerate(("plan.yaml", "./plan.yaml", "sub/../plan.yaml")):
        formats = "json,pdf" if typed == "./plan.yaml" else "json"  # the PDF's attachments are named by it too
        result = invoke("assess", typed, "--format", formats, "--out", f"out-{n}")
        assert result.exit_code == 0, result.stderr
        report = json.loads((workdir / f"out-{n}" / "plan-planner-fr.json").read_text(encoding="utf-8"))
        assert report["inputs"]["files"][0]["path"] == "plan.yaml"
        outputs.append(report)
    assert outputs[0] == outputs[1] == outputs[2]
    assert invoke("verify", "out-1/plan-planner-fr.pdf").exit_code == 0


def test_verify_replays_each_catalog_layer_in_order(workdir, invoke, small_plan):
    """Two --catalog folders defining the same tool: the later one wins, and verify must replay them so."""
    (workdir / "plan.yaml").write_text(small_plan.replace("tool: signal", "tool: town-radio"), encoding="utf-8")
    for folder, name in (("first", "Radio A"), ("second", "Radio B")):
        (workdir / folder).mkdir()
        (workdir / folder / "radio.yaml").write_text(
            f"id: town-radio\nname: {name}\nkind: radio\ndeployment: the town's own VHF sets\n"
            "purposes: [communication]\ndepends_on: power-grid\n"
            "facts:\n  works_on_2g_edge: {value: false, source: 'Town radio manual', checked: 2026-01-10}\n"
        )
    result = invoke(
        "assess", "plan.yaml", "--catalog", "first", "--catalog", "second", "--format", "json,pdf", "--out", "out"
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads((workdir / "out" / "plan-planner-fr.json").read_text(encoding="utf-8"))
    layers = {f["path"]: f["layer"] for f in report["inputs"]["files"] if f["kind"] == "catalog"}
    assert layers["first/radio.yaml"] == 1 and layers["second/radio.yaml"] == 2
    assert report["inputs"]["catalog_version"].count("+") == 2
    verified = invoke("verify", "out/plan-planner-fr.pdf")
    assert verified.exit_code == 0, verified.stdout


def test_compare_of_a_plan_edited_between_years_shows_no_false_regression(tmp_path):
    """WhatsApp replaced by Tchap in the same file: unchanged weaknesses keep their identity, none is both added
    and resolved, and what got better is reported as an improvement."""
    text = EXAMPLE_PLAN.read_text(encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    before = assess_file(tmp_path / "plan.yaml")
    (tmp_path / "plan.yaml").write_text(text.replace("tool: whatsapp", "tool: tchap"), encoding="utf-8")
    after = assess_file(tmp_path / "plan.yaml")
    comparison = compare_assessments(before, after)
    added = {f.message for f in comparison.findings_added}
    resolved = {f.message for f in comparison.findings_resolved}
    assert not added & resolved
    from toolassess.audit.compare import finding_identity

    assert not {finding_identity(f) for f in comparison.findings_added} & {
        finding_identity(f) for f in comparison.findings_resolved
    }
    assert not [r for r in comparison.regressions if "single point" in r.lower()]
    assert comparison.inputs and comparison.inputs[0].change == "modified"  # the plan, matched by role
    assert not comparison.warnings  # same profile, organisation, language, catalogue


def test_compare_tells_a_shrinking_loss_from_a_growing_one():
    from toolassess.audit.compare import _extent_change
    from toolassess.models.findings import Finding

    def lost(*scenarios):
        return Finding(
            kind="uncovered-purpose", severity="high", purpose="notification", scenarios=list(scenarios), message="x"
        )

    assert _extent_change(lost("a", "b", "c"), lost("a")) == -1
    assert _extent_change(lost("a"), lost("a", "b")) == 1
    assert _extent_change(lost("a"), lost("a")) == 0


def test_compare_warns_when_the_assessments_were_made_differently():
    base = assess_file(EXAMPLE_PLAN)
    other = base.model_copy(update={"profile": "staff", "lang": "en"})
    warnings = compare_assessments(base, other).warnings
    assert any("profile" in w for w in warnings) and any("language" in w for w in warnings)


def test_an_assessment_dated_before_its_evidence_says_so():
    past = build_assessment(load_inputs(EXAMPLE_PLAN, as_of=date(2025, 1, 1)))
    warnings = [f for f in past.findings if f.kind == "evidence-after-date"]
    assert len(warnings) == 1 and "01/01/2025" in warnings[0].message  # the date as French writes it
    assert not [f for f in assess_file(EXAMPLE_PLAN).findings if f.kind == "evidence-after-date"]


def test_portfolio_indicators_tell_the_plans_apart():
    """Not a yes/no per plan: how many scenarios silence each purpose, and the shortest blackout that does."""
    plans = sorted((ROOT / "examples" / "portfolio").glob("*.yaml"))
    portfolio = summarize_portfolio([digest(str(p), assess_file(p)) for p in plans])
    lost = {line.file.rsplit("/", 1)[-1]: line for line in portfolio.lines}
    assert len({tuple(sorted(line.scenarios_lost.items())) for line in lost.values()}) >= 4
    assert lost["prefecture.yaml"].blackout_lost_at["communication"] is None  # survives the longest blackout played
    assert lost["commune-a.yaml"].blackout_lost_at["communication"] == 2


def test_reusing_work_across_plans_writes_the_same_bytes_as_assessing_each_alone(tmp_path):
    """A portfolio reuses what plans share (scores, fault trees, findings…); the JSON must not change by a byte."""
    import random
    from dataclasses import replace

    from toolassess.inputs.bundle import load_shared
    from toolassess.reporting.batch import PlanJob, assess_job, prepare
    from toolassess.reporting.pipeline import ReportRequest

    rng = random.Random(7)
    setups = [
        [
            ("whatsapp", "communication", "primary"),
            ("sms", "notification", "primary"),
            ("sirens", "public-information", "primary"),
        ],
        [
            ("signal", "communication", "primary"),
            ("teams", "communication", "backup"),
            ("sms", "notification", "primary"),
        ],
        [
            ("tchap", "communication", "primary"),
            ("mass-alerting", "notification", "primary"),
            ("cell-broadcast", "public-information", "backup"),
        ],
    ]
    plans = []
    for i in range(24):
        lines = []
        for tool, purpose, role in rng.choice(setups):
            tested = f", last_tested: 2026-0{rng.randint(1, 9)}-15" if rng.random() < 0.5 else ""
            lines.append(f"  - {{tool: {tool}, purpose: [{purpose}], role: {role}{tested}}}")
        extra = ""
        if i % 5 == 0:
            extra = (
                "accepted_risks:\n  - {finding: untested-channel, reason: r, accepted_by: mayor, until: 2027-01-31}\n"
            )
        if i % 7 == 0:
            extra += "partners:\n  - {name: Prefecture, tools: [tchap, sms]}\n"
        path = tmp_path / "plans" / f"p{i:02d}.yaml"
        path.parent.mkdir(exist_ok=True)
        lang = "fr" if i % 3 else "en"
        path.write_text(f"name: Plan {i}\nlang: {lang}\nchannels:\n" + "\n".join(lines) + "\n" + extra)
        plans.append(path)
    shared = load_shared(as_of=AS_OF)
    written = {}
    for reuse in (False, True):
        out = tmp_path / ("reused" if reuse else "alone")
        prepare(shared, reuse=reuse)
        request = ReportRequest.parse("json", "planner", out=out)
        results = [assess_job(PlanJob(p, replace(request, stem=p.stem))) for p in plans]
        assert [status for status, _ in results] == ["ok"] * len(plans), results
        written[reuse] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert len(written[True]) == len(plans)
    assert written[True] == written[False]
