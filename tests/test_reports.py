"""Reports: every format renders the same Assessment; PDF text, determinism, safety, atomic writes, goldens.

Golden files live in tests/golden/; after an intended change, regenerate them with `make golden`
(TOOLASSESS_UPDATE_GOLDEN=1) and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from toolassess.assess import build_assessment
from toolassess.inputs.bundle import load_inputs
from toolassess.inputs.files import EXAMPLE_PLAN
from toolassess.reporting import ReportFormat, render_report
from toolassess.reporting.html import render_html
from toolassess.reporting.json import render_json
from toolassess.reporting.markdown import render_markdown
from toolassess.reporting.writing import write_atomically

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 12, 1)
EPOCH = "1796083200"  # 2026-12-01T00:00:00Z


def example(lang: str = "fr"):
    inputs = load_inputs(EXAMPLE_PLAN, as_of=AS_OF)
    inputs.plan = inputs.plan.model_copy(update={"lang": lang})
    return inputs, build_assessment(inputs)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("TOOLASSESS_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"missing golden file {name}: run `make golden`"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then `make golden`"


def test_golden_json():
    check_golden("exampleville.json", render_json(example("fr")[1]))


def test_golden_markdown():
    check_golden("exampleville-planner-en.md", render_markdown(example("en")[1]))


def test_golden_html_without_diagram():
    check_golden("exampleville-planner-fr.html", render_html(example("fr")[1], with_diagram=False))


def test_json_is_byte_identical_for_identical_inputs():
    assert render_json(example()[1]) == render_json(example()[1])


@pytest.mark.parametrize("report_format", [f for f in ReportFormat if f is not ReportFormat.PDF])
def test_every_text_format_renders(report_format):
    data = render_report(example("en")[1], report_format)
    assert data and b"whatsapp" in data.lower()


def test_markdown_and_csv_keep_input_text_inert(workdir):
    (workdir / "plan.yaml").write_text(
        'name: "<script>alert(1)</script> | *bold* [x](http://evil)"\n'
        "channels:\n  - {tool: sms, purpose: [notification], note: '=HYPERLINK(\"http://evil\")'}\n"
    )
    assessment = build_assessment(load_inputs(Path("plan.yaml"), as_of=AS_OF))
    markdown = render_markdown(assessment)
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "\\[x\\](http://evil)" in markdown  # brackets escaped: no link; the parentheses stay readable
    from markdown_it import MarkdownIt  # a CommonMark renderer (GFM tables): what a wiki would make of the file

    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(markdown)
    assert 'href="http://evil"' not in rendered and "<strong>bold" not in rendered and "<em>bold" not in rendered
    assert "<script>" not in rendered
    html = render_html(assessment, with_diagram=False)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- PDF (rendered once per language)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make installs it)")


@needs_poppler
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fr",
            [
                "Signaux d'alerte",
                "Causes racines",
                "Plus rien ne fonctionne pour la fonction",
                "Piste d'audit",
                "Ce qu'il faut ajouter",
                "Exercice sur table",
            ],
        ),
        (
            "en",
            [
                "Red flags",
                "Root causes",
                "Nothing survives for notification",
                "Audit trail",
                "What to add",
                "Tabletop exercise",
            ],
        ),
    ],
)
def test_pdf_holds_red_flags_tools_and_hashes(pdfs, lang, words):
    path, assessment = pdfs[lang]
    text = " ".join(pdf_text(path).split())
    for word in words:
        assert word in text, word
    for score in assessment.scores:
        assert assessment.tools[score.tool].name.split(" (")[0] in text
    plan_hash = next(f.sha256 for f in assessment.inputs.files if f.kind == "plan")
    assert plan_hash in text.replace(" ", "")


@needs_poppler
def test_french_pdf_holds_no_english_sentence_from_the_catalogue(pdfs):
    """Every catalogue text the French report shows is in French: no English name, deployment, prose fact or incident
    summary appears in its pages (read in reading order, spaces and line breaks folded)."""
    from toolassess.inputs.catalog import load_catalog
    from toolassess.models.base import Localized

    def words(path: Path) -> str:
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        return " ".join(text.split())

    catalog = load_catalog().catalog
    texts: list[Localized] = []
    for tool in catalog.tools.values():
        texts += [t for t in (tool.name, tool.deployment) if isinstance(t, Localized)]
        for fact in tool.facts.recorded().values():  # prose facts (audits described, cost model, user base)
            texts += [
                v for v in (fact.value if isinstance(fact.value, list) else [fact.value]) if isinstance(v, Localized)
            ]
    for component in catalog.components.values():
        texts += [component.name] if isinstance(component.name, Localized) else []
        texts += [i.summary for i in component.incidents if isinstance(i.summary, Localized)]

    def start(text: str) -> str:
        return " ".join(text.split())[:40]

    # texts whose translation opens the same way (authors' names before a translated title) cannot be told apart
    english = {start(t.en) for t in texts if start(t.en) != start(t.fr) and len(t.en) >= 16}
    english_pages, french_pages = words(pdfs["en"][0]), words(pdfs["fr"][0])
    shown_in_english = {sentence for sentence in english if sentence in english_pages}
    assert shown_in_english, "the English report shows catalogue sentences: the check compares like with like"
    leaked = sorted(sentence for sentence in english if sentence in french_pages)
    assert not leaked, leaked[:5]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pdf_opens_on_its_cover_and_no_page_is_empty(pdfs, lang):
    from pypdf import PdfReader

    path, assessment = pdfs[lang]
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]
    assert assessment.plan in pages[0]  # the cover is page 1 (running strings once pushed it to page 2)
    running_only = [n for n, text in enumerate(pages, 1) if len(text) < 120]
    assert not running_only, f"pages with only headers and footers: {running_only}"


def test_pdf_is_byte_identical_with_source_date_epoch(pdfs):
    assert pdfs["fr"][0].read_bytes() == pdfs["again"]


@pytest.mark.skipif(shutil.which("pdfdetach") is None, reason="poppler-utils (make installs it)")
def test_pdf_is_archival_and_carries_its_inputs(pdfs, tmp_path):
    path = pdfs["fr"][0]
    listing = subprocess.run(["pdfdetach", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert "assessment.json" in listing and "exampleville.yaml" in listing
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(path)], check=True)
    attached = json.loads((tmp_path / "assessment.json").read_text(encoding="utf-8"))
    assert attached["plan"] == pdfs["fr"][1].plan
    from pypdf import PdfReader

    xmp = PdfReader(path).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp


def test_injected_markup_stays_text_and_nothing_is_fetched(workdir, monkeypatch):
    from toolassess.reporting import pdf as pdf_module

    fetched: list[str] = []
    original = pdf_module._data_only_fetcher

    def recording():
        fetcher = original()
        inner = fetcher.fetch

        def fetch(url, headers=None):
            fetched.append(url)
            return inner(url, headers)

        fetcher.fetch = fetch
        return fetcher

    monkeypatch.setattr(pdf_module, "_data_only_fetcher", recording)
    (workdir / "plan.yaml").write_text(
        'name: \'<img src="file:///etc/hostname"><link rel=attachment href="file:///etc/passwd">\'\n'
        "organisation: '<style>@import url(http://127.0.0.1:9/x.css);</style>'\n"
        "channels:\n  - {tool: sms, purpose: [notification]}\n"
    )
    assessment = build_assessment(load_inputs(Path("plan.yaml"), as_of=AS_OF))
    data = pdf_module.render_pdf(assessment)
    assert all(url.startswith("data:") for url in fetched), fetched
    assert b"/EmbeddedFile" not in data  # no attachment smuggled in through the text
    if shutil.which("pdftotext"):
        (workdir / "out.pdf").write_bytes(data)
        assert '<img src="file:///etc/hostname">' in pdf_text(workdir / "out.pdf").replace("\n", "")


def test_data_only_fetcher_refuses_files_and_network():
    from toolassess.reporting.pdf import _data_only_fetcher

    fetcher = _data_only_fetcher()
    for url in ("file:///etc/hostname", "http://127.0.0.1:9/", "https://example.org/x.png"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.refused == ["file:///etc/hostname", "http://127.0.0.1:9/", "https://example.org/x.png"]


# ---------------------------------------------------------------- writing


def test_atomic_write_keeps_the_old_report_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "reports" / "r.pdf"
    write_atomically(target, b"old complete report")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(target, b"new report")
    assert target.read_bytes() == b"old complete report"
    assert [p.name for p in target.parent.iterdir()] == ["r.pdf"]  # no partial file left


def test_report_command_writes_dpo_english_files(workdir, invoke):
    result = invoke("report", str(EXAMPLE_PLAN), "--format", "md,json,csv,html", "--audience", "dpo", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in (workdir / "reports").iterdir())
    assert written == [f"exampleville-dpo-en.{ext}" for ext in ("csv", "html", "json", "md")]
    data = json.loads((workdir / "reports" / "exampleville-dpo-en.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2 and data["lang"] == "en"
    assert "Data protection overview" in (workdir / "reports" / "exampleville-dpo-en.html").read_text(encoding="utf-8")


def test_assess_json_prints_only_json(workdir, invoke):
    result = invoke("assess", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["plan"].startswith("Cellule de crise")
    assert (workdir / "reports" / "exampleville-planner-fr.json").is_file()


def test_unknown_format_or_audience_is_a_usage_error(invoke):
    assert invoke("report", str(EXAMPLE_PLAN), "--format", "docx").exit_code == 2
    assert invoke("report", str(EXAMPLE_PLAN), "--audience", "mayor").exit_code == 2


def test_template_dir_overrides_templates(workdir, invoke):
    (workdir / "brand").mkdir()
    (workdir / "brand" / "report.md.j2").write_text("# {{ a.plan | md }} — Mairie d'Exampleville\n")
    result = invoke("report", str(EXAMPLE_PLAN), "--format", "md", "--template-dir", "brand", "-o", "out.md")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "out.md").read_text(encoding="utf-8").endswith("Mairie d'Exampleville\n")


# ---------------------------------------------------------------- snapshots of the other outputs


def _terminal(renderable, width: int = 120) -> str:
    import io

    from toolassess.reporting.console import SafeConsole

    buffer = io.StringIO()
    SafeConsole(file=buffer, width=width, color_system=None, force_terminal=False).print(renderable)
    return buffer.getvalue()


def test_golden_terminal_score_and_assess_summary():
    from toolassess.inputs.catalog import load_catalog
    from toolassess.inputs.criteria import load_criteria
    from toolassess.models.catalog import resolve_tools
    from toolassess.reporting.terminal import assessment_view, score_view
    from toolassess.scoring.score import score_tools

    catalog, criteria = load_catalog().catalog, load_criteria()
    tools = resolve_tools(catalog, ["whatsapp", "signal", "tchap", "olvid", "teams", "sms", "mass-alerting"])
    result = score_tools(tools, criteria, criteria.profile("fr-state"), as_of=AS_OF)
    check_golden("score-fr-state.txt", _terminal(score_view(result)))
    check_golden("assess-summary-fr.txt", _terminal(assessment_view(example("fr")[1])))


def test_golden_compare_markdown_of_a_plan_edited_between_years(tmp_path, monkeypatch):
    from toolassess.audit.compare import compare_assessments
    from toolassess.reporting.comparison import render_comparison_markdown

    monkeypatch.chdir(tmp_path)  # the audit trail records the path as typed: keep it the same on every machine
    text = EXAMPLE_PLAN.read_text(encoding="utf-8")
    Path("plan.yaml").write_text(text, encoding="utf-8")
    before = build_assessment(load_inputs(Path("plan.yaml"), as_of=AS_OF))
    Path("plan.yaml").write_text(text.replace("tool: whatsapp", "tool: tchap"), encoding="utf-8")
    after = build_assessment(load_inputs(Path("plan.yaml"), as_of=AS_OF))
    check_golden("compare-edited-plan.md", render_comparison_markdown(compare_assessments(before, after)))


def test_golden_portfolio_markdown():
    from toolassess.audit.portfolio import digest, summarize_portfolio
    from toolassess.inputs.bundle import inputs_for_plan, load_shared
    from toolassess.reporting.portfolio import render_portfolio_markdown

    shared = load_shared(as_of=AS_OF)
    folder = Path(__file__).parents[1] / "examples" / "portfolio"
    digests = [
        digest(f"examples/portfolio/{path.name}", build_assessment(inputs_for_plan(path, shared)))
        for path in sorted(folder.glob("*.yaml"))
    ]
    check_golden("portfolio.md", render_portfolio_markdown(summarize_portfolio(digests, lang="en")))
    check_golden("portfolio-fr.md", render_portfolio_markdown(summarize_portfolio(digests, lang="fr")))


def test_compiled_json_serialization_gives_the_bytes_of_json_dumps():
    """render_json serializes models with pydantic's compiled serializer: the same bytes as json.dumps of the dump."""
    from toolassess.models.assessment import Assessment
    from toolassess.reporting.json import render_json, to_jsonable

    for name in ("exampleville.json",):
        assessment = Assessment.model_validate_json((GOLDEN / name).read_text(encoding="utf-8"))
        slow = json.dumps(to_jsonable(assessment), ensure_ascii=False, indent=2) + "\n"
        assert render_json(assessment) == slow
        assert any(ord(c) > 127 for c in slow)  # accented and typographic characters stay UTF-8, not \u escapes


def test_root_causes_name_the_channels_they_couple_as_readers_call_them(invoke, tmp_path):
    result = invoke("assess", "--format", "md", "--lang", "en", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    causes = text.split("## Root causes", 1)[1].split("\n## ", 1)[0]
    assert "Microsoft Teams + WhatsApp" in causes and "teams + whatsapp" not in causes
    assert "Microsoft Teams + WhatsApp" in result.stdout  # the terminal summary too


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_dpo_transfer_drafts_are_sentences_without_fact_ids(lang):
    from toolassess.models.facts import FACT_NAMES
    from toolassess.reporting import Audience

    text = render_markdown(example(lang)[1], Audience.DPO)
    title = "## Projets d'analyses d'impact des transferts" if lang == "fr" else "## Draft transfer impact assessments"
    section = text.split(title)[1].split("\n## ")[0]
    teams = section.split("### Microsoft Teams")[1].split("\n### ")[0]
    assert [line[:3] for line in teams.strip().splitlines()] == ["1. ", "2. ", "3. ", "4. ", "5. ", "6. "]
    assert not [name for name in FACT_NAMES if "_" in name and name in section.replace("\\_", "_")]
    if lang == "fr":
        assert "Le fournisseur s'appuie sur les clauses contractuelles types." in teams
        assert "*À demander au fournisseur\u202f:*" in section  # Signal does not say which transfer tool it uses
    else:
        assert "Laws that can compel the provider to hand over data: the US CLOUD Act." in teams
        assert "*For the DPO to do:*" in teams


@pytest.mark.parametrize(
    ("leaves", "safeguards", "expected"),
    [
        (True, ["eu-us-dpf"], "an adequacy decision needs no transfer impact assessment"),
        (True, ["adequacy", "eu-us-dpf"], "an adequacy decision needs no transfer impact assessment"),
        (True, ["art-49-derogation"], "check which Chapter V tool"),  # not an adequacy decision: no dispensation
        (True, ["eu-us-dpf", "something-else"], "check which Chapter V tool"),
        (True, None, "obtain from the provider the Chapter V tool"),
        (None, None, "if data leaves the EU/EEA (step 1), obtain"),  # a transfer not known to take place
        (False, None, "check in the contract"),
    ],
)
def test_transfer_tool_says_no_assessment_is_needed_only_for_an_adequacy_decision(leaves, safeguards, expected):
    from toolassess.reporting.transfer import _Writer

    class Writer(_Writer):
        def __init__(self, facts: dict[str, object]) -> None:
            self._, self.value, self.question, self.evidence, self.facts = str, str, str, {}, facts

        def fact(self, name: str) -> object:
            return self.facts.get(name)

    step = Writer({"transfers_outside_eu": leaves, "transfer_safeguards": safeguards}).transfer_tool()
    assert step.todo.startswith(expected), step.todo


def test_certifications_say_what_they_certify():
    from toolassess.reporting.filters import make_filters

    en, fr = make_filters("en")["fact_value"], make_filters("fr")["fact_value"]
    assert en(["anssi-cspn"], "certifications") == "Product certification: CSPN (ANSSI)"
    assert fr(["anssi-cspn"], "certifications") == "Certification de produit\u202f: CSPN (ANSSI)"
    assert en(["iso-27001 (colocation data centres)", "soc2", "secnumcloud"], "security_qualifications") == (
        "Cloud service qualification: SecNumCloud (ANSSI); Provider certification: ISO/IEC 27001 (colocation data"
        " centres), SOC 2"
    )
    # classified by name, whichever fact lists it; an unknown name keeps the fact's kind
    assert en(["hds"], "certifications") == "Provider certification: HDS"
    assert en(["Some scheme 2024"], "certifications") == "Product certification: Some scheme 2024"
    assert fr(["security-homologation"], "security_qualifications") == "Homologation de sécurité"
    assert en(["secnumcloud"]) == "secnumcloud"  # other facts' lists are unchanged


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_findings_and_gate_summaries_name_no_fact_or_criterion_id(lang):
    """A DPO reads what is asked ("the transfer safeguards"), not `transfer_safeguards` or `remote-revocation`."""
    from toolassess.findings.facts import FACT_WORDS
    from toolassess.models.facts import FACT_NAMES
    from toolassess.reporting import Audience

    assert set(FACT_WORDS) == set(FACT_NAMES)  # a new fact gets its words
    assessment = example(lang)[1]
    messages = " ".join(f.message for f in assessment.findings)
    assert not [name for name in FACT_NAMES if "_" in name and name in messages]
    gate_ids = {gate.criterion for score in assessment.scores for p in score.purposes for gate in p.gates}
    assert gate_ids and not [
        c for c in gate_ids if f"gate {c} " in messages or f"critère éliminatoire {c} " in messages
    ]
    text = render_markdown(assessment, Audience.PLANNER)
    assert not [c for c in gate_ids if f"| {c} (" in text]  # the ranking table's gate column
