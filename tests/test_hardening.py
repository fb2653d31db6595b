"""Hardening (issue 16): verify proves the whole file, templates cannot run code, outputs never replace an input,
bounded work from tiny inputs, and untrusted text stays text on the terminal and in every export."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from toolassess.audit.verify import verify_report

HOSTILE_NAME = "Radio \\t A  \\u00a0 \\e[31mred\\e[0m ]]> [/bold]\\nsecond line "
PLAN = """name: "Cellule  de crise \\t (test) "
organisation: "Ville de Saint-Remy-en-Bouzemont-Saint-Genest-et-Isson-Communaute-de-communes-du-Grand-Exampleville"
lang: fr
profile: management-team
candidates: [town-radio, sms]
channels:
  - tool: town-radio
    purpose: [communication]
    role: primary
    last_tested: 2026-09-01
    note: "see https://example.org/very-long-path-segment-without-any-break-very-long-path-segment-without-any-break-end"
  - {tool: sms, purpose: [notification], role: primary, last_tested: 2026-09-01}
"""
RADIO = f"""id: town-radio
name: "{HOSTILE_NAME}"
kind: radio
deployment: "the town's own VHF sets \\u00a0 with a trailing space "
purposes: [communication]
depends_on: power-grid
facts:
  works_on_2g_edge: {{value: false, source: 'Town radio manual', checked: 2026-01-10}}
"""


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    """A small report whose inputs hold every awkward character a name can: tabs, NBSP, ESC, doubled spaces."""
    from typer.testing import CliRunner

    from toolassess.cli import app

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "catalog").mkdir()
    (folder / "catalog" / "radio.yaml").write_text(RADIO, encoding="utf-8")
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    old = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(
            app, ["report", "plan.yaml", "--catalog", "catalog", "--format", "pdf,csv,md", "--out", "out"]
        )
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    return folder / "out" / "plan-planner-fr.pdf"


def test_verify_passes_an_untouched_report_whatever_its_names_hold(hostile_report):
    result = verify_report(hostile_report)
    assert result.ok, [c for c in result.checks if not c.ok]
    assert next(c for c in result.checks if c.name == "whole file").ok


def test_every_word_stays_inside_its_page(hostile_report):
    """Long URLs and names wrap inside the page: poppler's word boxes all lie within the page box."""
    import re
    import subprocess

    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(hostile_report), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S)
    assert pages
    outside = []
    for number, (width, height, body) in enumerate(pages, start=1):
        for match in re.finditer(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)"', body):
            x0, y0, x1, y1 = map(float, match.groups())
            if x0 < 0 or y0 < 0 or x1 > float(width) + 0.5 or y1 > float(height) + 0.5:
                outside.append((number, x1, y1))
    assert not outside


def _tampered(source: Path, target: Path, change) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    change(writer)
    with target.open("wb") as handle:
        writer.write(handle)
    return target


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (lambda w: w.remove_page(1), "pages"),
        (lambda w: w.add_attachment("invoice.pdf.exe", b"MZ"), "attachment"),
        (lambda w: w.add_metadata({"/Title": "Everything is fine"}), "metadata"),
        (lambda w: w.add_metadata({"/Subject": "approved"}), "metadata"),
    ],
    ids=["page-removed", "attachment-added", "title-changed", "subject-changed"],
)
def test_verify_fails_on_every_change_and_says_what(hostile_report, tmp_path, tamper, expected):
    path = _tampered(hostile_report, tmp_path / "t.pdf", tamper)
    result = verify_report(path)
    whole = next(c for c in result.checks if c.name == "whole file")
    assert not result.ok and not whole.ok
    assert expected in whole.detail or expected in " ".join(c.detail for c in result.checks)


def test_verify_notices_a_headline_painted_over(hostile_report, tmp_path):
    from pypdf.generic import ContentStream, NameObject

    def paint(writer):
        page = writer.pages[0]
        content = page.get_contents()
        stream = ContentStream(None, writer)
        stream.set_data(content.get_data() + b"\n1 1 1 rg 0 600 600 200 re f\n")
        page[NameObject("/Contents")] = writer._add_object(stream)

    result = verify_report(_tampered(hostile_report, tmp_path / "painted.pdf", paint))
    whole = next(c for c in result.checks if c.name == "whole file")
    assert not whole.ok and "page 1" in whole.detail


def test_attachment_names_are_unique_and_carry_no_folder():
    from toolassess.audit.archive import attachment_name

    names = [attachment_name(i, p) for i, p in enumerate(["pa/p.yaml", "pb/p.yaml", "/home/me/secret/plan.yaml"])]
    assert len(set(names)) == 3
    assert all("/" not in n and "home" not in n for n in names)


def test_csv_and_markdown_keep_hostile_names_as_text(hostile_report):
    csv_text = hostile_report.with_suffix(".csv").read_text(encoding="utf-8")
    assert "\x1b" not in hostile_report.with_suffix(".md").read_text(encoding="utf-8")
    assert "\x1b" in csv_text or "town-radio" in csv_text  # CSV keeps data as data (quoted, defused)


@pytest.mark.parametrize(
    ("cell", "defused"),
    [
        ("=1+1", True),
        (" =1+1", True),
        ("\t=1+1", True),
        ("\n@SUM(A1)", True),
        ("\tplain", True),
        ("-", True),
        ("plain", False),
        ("a=b", False),
    ],
)
def test_csv_defuses_formulas_even_behind_whitespace(cell, defused):
    from toolassess.reporting.csv import _defuse

    assert (_defuse(cell) != cell) == defused


# ---------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "sandbox"),
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "sandbox"),
        ('{% include "../../../../etc/passwd" %}', "not found"),
        ("{% if %}", "syntax error"),
    ],
)
def test_a_template_cannot_run_code_or_read_files(workdir, invoke, template, message):
    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "report.html.j2").write_text(template, encoding="utf-8")
    result = invoke("report", "nope.yaml", "--format", "html", "--template-dir", "tpl")
    assert result.exit_code == 2  # the plan is missing: checked first
    from toolassess.inputs.files import EXAMPLE_PLAN

    result = invoke("report", str(EXAMPLE_PLAN), "--format", "html", "--template-dir", "tpl", "--out", "o.html")
    assert result.exit_code == 2 and message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (workdir / "o.html").exists()


def test_a_template_symlink_out_of_its_folder_is_refused(workdir, invoke):
    from toolassess.inputs.files import EXAMPLE_PLAN

    (workdir / "tpl").mkdir()
    (workdir / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    (workdir / "tpl" / "leak.j2").symlink_to(workdir / "secret.txt")
    (workdir / "tpl" / "report.html.j2").write_text('{% include "leak.j2" %}', encoding="utf-8")
    result = invoke("report", str(EXAMPLE_PLAN), "--format", "html", "--template-dir", "tpl", "--out", "o.html")
    assert result.exit_code == 2 and "TOP SECRET" not in result.stdout + result.stderr


def test_a_non_utf8_stylesheet_is_one_line(workdir, invoke):
    from toolassess.inputs.files import EXAMPLE_PLAN

    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "report.css").write_bytes(b"\xff\xfe body {}")
    result = invoke("report", str(EXAMPLE_PLAN), "--format", "html", "--template-dir", "tpl", "--out", "o.html")
    assert result.exit_code == 2 and "report.css is not UTF-8" in result.stderr


# ---------------------------------------------------------------- outputs


def test_a_report_never_replaces_an_input(workdir, invoke):
    from toolassess.inputs.files import EXAMPLE_PLAN

    plan = workdir / "victim.yaml"
    plan.write_bytes(EXAMPLE_PLAN.read_bytes())
    before = plan.read_bytes()
    result = invoke("report", "victim.yaml", "--format", "json", "--out", "victim.yaml")
    assert result.exit_code == 2 and "is an input" in result.stderr
    (workdir / "link.json").symlink_to(plan)
    result = invoke("report", "victim.yaml", "--format", "json", "--out", "link.json")
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert plan.read_bytes() == before


def test_portfolio_names_reports_uniquely_and_refuses_one_file_for_many(workdir, invoke):
    from toolassess.inputs.files import EXAMPLE_PLAN

    for folder in ("pa", "pb"):
        (workdir / folder).mkdir()
        (workdir / folder / "p.yaml").write_bytes(EXAMPLE_PLAN.read_bytes())
    result = invoke("assess", "pa/p.yaml", "pb/p.yaml", "--format", "json", "--workers", "1", "--out", "out")
    assert result.exit_code == 0, result.stderr
    assert {p.name for p in (workdir / "out").glob("*-planner-fr.json")} == {
        "pa-p-planner-fr.json",
        "pb-p-planner-fr.json",
    }
    result = invoke("assess", "pa/p.yaml", "pb/p.yaml", "--format", "json", "--out", "x.json")
    assert result.exit_code == 2 and "give a folder" in result.stderr


def test_leftovers_of_a_killed_writer_are_removed_and_a_live_ones_kept(tmp_path):
    from toolassess.reporting.writing import write_atomically

    dead = tmp_path / ".r.json.999999999.abc.partial"  # no such process
    alive = tmp_path / f".r.json.{os.getppid()}.def.partial"  # a live process (our parent)
    other = tmp_path / ".notes.txt.999999999.x.partial"  # another file's: not ours to touch
    for path in (dead, alive, other):
        path.write_bytes(b"half")
    write_atomically(tmp_path / "r.json", b"{}")
    assert not dead.exists() and alive.exists() and other.exists()
    assert (tmp_path / "r.json").read_bytes() == b"{}"


def test_an_unwritable_folder_is_one_line(tmp_path, monkeypatch):
    import tempfile

    from toolassess.errors import ToolassessError
    from toolassess.reporting.writing import write_atomically

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(ToolassessError, match="cannot write report: Permission denied"):
        write_atomically(tmp_path / "r.json", b"{}")


# ---------------------------------------------------------------- bounded inputs, no traceback


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nmax_order: " + "9" * 5000 + "\n", "number with more than 30 digits"),
        ("name: x\ncandidates: !!set {signal, tchap}\n", "YAML tag !!set is not allowed"),
        ("name: !!binary aGVsbG8=\n", "YAML tag !!binary is not allowed"),
        ("name: x\n" + "".join(f"k{i}: 1\n" for i in range(2_200)), "keys in one mapping"),
    ],
    ids=["huge-integer", "set", "binary", "many-keys"],
)
def test_hostile_shapes_are_one_located_line(workdir, invoke, text, message):
    (workdir / "p.yaml").write_text(text, encoding="utf-8")
    result = invoke("validate", "p.yaml")
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("p.yaml:")


def test_many_unknown_keys_are_located_in_linear_work(workdir):
    """Locating each error walks an index, not the mapping: count the key lookups, not the seconds."""
    from toolassess.inputs.yamlsource import read_yaml

    (workdir / "p.yaml").write_text("".join(f"k{i}: 1\n" for i in range(2_000)), encoding="utf-8")
    doc = read_yaml(workdir / "p.yaml")
    for i in range(2_000):
        doc.locate((f"k{i}",))
    assert len(doc._index) == 1  # one index of the root mapping, built once


def test_a_deep_folder_is_refused_without_recursion(tmp_path, invoke):
    folder = tmp_path / "deep"
    current = folder
    for _ in range(40):
        current = current / "d"
    current.mkdir(parents=True)
    (current / "t.yaml").write_text("id: x\n", encoding="utf-8")
    result = invoke("validate", str(folder))
    assert result.exit_code == 2 and "nested deeper than" in result.stderr


def test_an_out_of_range_source_date_epoch_is_one_line(invoke, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    result = invoke("score", "signal")
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.stderr


def test_an_error_quoting_a_key_with_newlines_stays_one_line(workdir, invoke):
    (workdir / "p.yaml").write_text(
        "name: x\nchannels: [{tool: sms, purpose: [notification], role: primary}]\n"
        '"bad\\nkey\\np.yaml:1:1: all good": 1\n',
        encoding="utf-8",
    )
    result = invoke("validate", "p.yaml")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- terminal


def test_the_terminal_shows_escapes_and_never_reads_markup(tmp_path, invoke):
    (tmp_path / "radio.yaml").write_text(RADIO, encoding="utf-8")
    result = invoke("tools", "show", "town-radio", "--catalog", str(tmp_path))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "␛[31m" in result.stdout
    assert "[/bold]" in result.stdout  # markup shown as typed, not interpreted (or refused)


def test_visible_keeps_width_and_shows_controls():
    from toolassess.reporting.textsafe import one_line, visible

    assert visible("a\x1b]0;x\x07b") == "a␛]0;x␇b"
    assert one_line("a\nb\tc") == "a␊b␉c"
    assert visible("a\nb") == "a\nb"
    assert visible("\u202eevil") == "\ufffdevil"
    assert json.dumps(visible("plain text")) == '"plain text"'


# ---------------------------------------------------------------- bounded analyses


def _catalog_with(tools: dict, components: list[dict]):
    from toolassess.models.catalog import Catalog, Component, ToolProfile

    return Catalog(
        version="t",
        tools={t["id"]: ToolProfile.model_validate(t) for t in tools.values()},
        components={c["id"]: Component.model_validate(c) for c in components},
    )


def test_a_combinatorial_tree_is_refused_before_the_work_is_done():
    """Any of three groups of 200 components: 8 million order-3 cut sets. The product is counted, not computed."""
    from toolassess.redundancy.faulttree import MAX_PRODUCTS, AnalysisTooLarge, FaultTree

    components = [{"id": f"g{g}c{i}", "name": "c", "kind": "cloud"} for g in range(3) for i in range(200)]
    groups = [{"all": [f"g{g}c{i}" for i in range(200)]} for g in range(3)]
    tool = {"id": "bomb", "name": "b", "kind": "messenger", "deployment": "d", "purposes": ["communication"]}
    catalog = _catalog_with({"bomb": {**tool, "depends_on": {"any": groups}}}, components)
    tree = FaultTree(catalog)
    with pytest.raises(AnalysisTooLarge) as caught:
        tree.of_tool(catalog.tools["bomb"])
    assert caught.value.count == 200 * 200 * 200 > MAX_PRODUCTS
    assert caught.value.kind == "tool" and caught.value.item == "bomb"


@pytest.mark.parametrize("width", [1, 10, 60])
@pytest.mark.parametrize("depth", [1, 50, 400])
def test_wide_and_deep_trees_stay_within_the_bounds(width, depth):
    """Chains of components (deep) of alternatives (wide): analysed exactly, every family within the bound."""
    from toolassess.redundancy.faulttree import MAX_PRODUCTS, FaultTree

    components = []
    for level in range(depth):
        below = [f"n{level + 1}-{k}" for k in range(width)] if level + 1 < depth else []
        for k in range(width):
            entry = {"id": f"n{level}-{k}", "name": "c", "kind": "cloud"}
            if below:
                entry["depends_on"] = {"any": below} if width > 1 else below[0]
            components.append(entry)
    tool = {"id": "t", "name": "t", "kind": "messenger", "deployment": "d", "purposes": ["communication"]}
    tool["depends_on"] = {"any": [f"n0-{k}" for k in range(width)]} if width > 1 else "n0-0"
    catalog = _catalog_with({"t": tool}, components)
    family = FaultTree(catalog).of_tool(catalog.tools["t"])
    assert len(family) <= MAX_PRODUCTS
    assert all(len(cut) <= 3 for cut in family)


# ---------------------------------------------------------------- signatures


def _key_and_cert(folder: Path, name: str) -> tuple[Path, Path]:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .add_extension(usage, critical=True)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / f"{name}.key", folder / f"{name}.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_a_signed_report_verifies_with_its_signer_and_fails_with_anyone_else(hostile_report, tmp_path, invoke):
    key, cert = _key_and_cert(tmp_path, "planner")
    _, stranger = _key_and_cert(tmp_path, "stranger")
    signed = tmp_path / "signed.pdf"
    result = invoke("sign", str(hostile_report), "--key", str(key), "--cert", str(cert), "--out", str(signed))
    assert result.exit_code == 0, result.stderr
    trusted = verify_report(signed, [cert])
    assert trusted.ok, [c for c in trusted.checks if not c.ok]
    assert "planner" in next(c for c in trusted.checks if c.name == "signature").detail
    untrusted = verify_report(signed, [stranger])
    assert not untrusted.ok and not next(c for c in untrusted.checks if c.name == "signature").ok


def test_a_change_after_signing_is_caught(hostile_report, tmp_path):
    from pypdf import PdfReader, PdfWriter

    key, cert = _key_and_cert(tmp_path, "planner")
    from toolassess.audit.signing import sign_report

    signed = sign_report(hostile_report.read_bytes(), key, cert)
    (tmp_path / "signed.pdf").write_bytes(signed)
    writer = PdfWriter(PdfReader(tmp_path / "signed.pdf"), incremental=True)
    writer.add_metadata({"/Title": "Everything is fine"})
    with (tmp_path / "changed.pdf").open("wb") as handle:
        writer.write(handle)
    result = verify_report(tmp_path / "changed.pdf", [cert])
    assert not result.ok
    assert not next(c for c in result.checks if c.name == "signature").ok


def test_signing_with_a_bad_key_is_one_line(hostile_report, tmp_path, invoke):
    (tmp_path / "bad.key").write_text("not a key", encoding="utf-8")
    (tmp_path / "bad.pem").write_text("not a cert", encoding="utf-8")
    result = invoke(
        "sign", str(hostile_report), "--key", str(tmp_path / "bad.key"), "--cert", str(tmp_path / "bad.pem")
    )
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- compare and the diagram


@pytest.fixture(scope="module")
def example_json(tmp_path_factory):
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.inputs.files import EXAMPLE_PLAN
    from toolassess.reporting.json import render_json

    folder = tmp_path_factory.mktemp("json")
    path = folder / "a.json"
    path.write_text(render_json(build_assessment(load_inputs(EXAMPLE_PLAN))), encoding="utf-8")
    return path


def test_compare_keeps_markup_and_escapes_in_ids_as_text(example_json, tmp_path, invoke):
    data = json.loads(example_json.read_text(encoding="utf-8"))
    data["scores"][0]["tool"] = "[/bold]\x1b[2J|`*x*`"
    changed = tmp_path / "b.json"
    changed.write_text(json.dumps(data), encoding="utf-8")
    table = invoke("compare", str(example_json), str(changed))
    assert table.exit_code == 0 and "\x1b" not in table.stdout and "[/bold]" in table.stdout
    markdown = invoke("compare", str(example_json), str(changed), "--format", "md")
    assert markdown.exit_code == 0 and "\\[/bold\\]" in markdown.stdout and "\x1b" not in markdown.stdout


def test_compare_refuses_huge_numbers_in_one_line(example_json, tmp_path, invoke):
    text = example_json.read_text(encoding="utf-8").replace('"max_order": 3', '"max_order": ' + "9" * 5000, 1)
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    result = invoke("compare", str(example_json), str(tmp_path / "b.json"))
    assert result.exit_code == 2 and "digits" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_assess_summary_shows_escapes_instead_of_obeying_them(workdir, invoke):
    from toolassess.inputs.files import EXAMPLE_PLAN

    text = EXAMPLE_PLAN.read_text(encoding="utf-8").replace(
        "name: Cellule de crise communale — Exampleville", 'name: "\\e[2J\\e]0;pwned\\a [/bold] Exampleville"'
    )
    (workdir / "p.yaml").write_text(text, encoding="utf-8")
    result = invoke("assess", "p.yaml", "--format", "json")
    assert result.exit_code == 0 and "\x1b" not in result.stdout + result.stderr


def test_control_characters_in_a_name_keep_the_diagram_valid_xml(tmp_path):
    import base64
    import re
    from xml.dom import minidom

    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.reporting.html import render_html

    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "radio.yaml").write_text(RADIO, encoding="utf-8")
    (tmp_path / "plan.yaml").write_text(PLAN, encoding="utf-8")
    html = render_html(build_assessment(load_inputs(tmp_path / "plan.yaml", [tmp_path / "catalog"])))
    match = re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    assert match is not None
    svg = base64.b64decode(match.group(1)).decode("utf-8")
    minidom.parseString(svg)  # raises on a control character
    assert "Radio" in svg and "\x1b" not in svg


# ---------------------------------------------------------------- second attack (issue 16 follow-up)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ('{{ a.parse_raw("cos\\nsystem\\n(S\'id\'\\ntR.", proto="pickle", allow_pickle=True) }}', "unsafe"),
        ('{{ a.parse_file("/etc/hostname") }}', "unsafe"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "range()"),
        ('{% set s = "y" * 1000000000 %}', "longer than"),
        ("{{ 9 ** 5000 }}", "exponent"),
        ("{{ 1 / 0 }}", "ZeroDivisionError"),
        ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "recursion"),
    ],
    ids=["parse-raw-pickle", "parse-file", "nested-ranges", "huge-string", "huge-power", "division", "recursion"],
)
def test_templates_cannot_reach_pydantic_internals_or_work_without_end(workdir, invoke, template, message):
    from toolassess.inputs.files import EXAMPLE_PLAN

    (workdir / "tpl").mkdir()
    (workdir / "tpl" / "report.md.j2").write_text(template, encoding="utf-8")
    result = invoke("report", str(EXAMPLE_PLAN), "--format", "md", "--template-dir", "tpl", "--out", "o.md")
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_only_the_template_folder_own_files_are_attached(tmp_path):
    from toolassess.audit.archive import safe_template_name, template_files

    (tmp_path / "tpl" / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    (tmp_path / "tpl" / "passwd").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "tpl" / "report.css").write_text("body {}", encoding="utf-8")
    (tmp_path / "tpl" / "sub" / "foot.j2").write_text("foot", encoding="utf-8")
    assert [name for name, _ in template_files(tmp_path / "tpl")] == ["report.css", "sub/foot.j2"]
    assert all(safe_template_name(n) for n in ("report.css", "sub/foot.j2", ".dot.j2"))
    assert not any(safe_template_name(n) for n in ("", "../x", "/etc/passwd", "a\x00b", "a//b", "x" * 300))


def test_inputs_that_could_block_or_overflow_are_one_line(workdir, invoke, example_json, monkeypatch):
    os.mkfifo(workdir / "pipe.yaml")
    result = invoke("report", "pipe.yaml", "--format", "json")
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    (workdir / "hex.yaml").write_text("name: 0x" + "f" * 4000 + "\nchannels: []\n", encoding="utf-8")
    result = invoke("validate", "hex.yaml")
    assert result.exit_code == 2 and "digits" in result.stderr
    nan, replaced = re.subn(r'"score": \d+(\.\d+)?', '"score": NaN', example_json.read_text(encoding="utf-8"), count=1)
    assert replaced == 1
    (workdir / "nan.json").write_text(nan, encoding="utf-8")
    result = invoke("compare", str(example_json), "nan.json", "--fail-on", "regression")
    assert result.exit_code == 2
    victim = workdir / "victim.json"
    victim.write_bytes(example_json.read_bytes())
    result = invoke("compare", str(example_json), "victim.json", "--format", "md", "--out", "victim.json")
    assert result.exit_code == 2 and victim.read_bytes() == example_json.read_bytes()
    assert invoke("report", "x.yaml", "--format", ",").exit_code == 2
    monkeypatch.setenv("COLUMNS", "0")
    listed = invoke("tools", "list")
    assert listed.exit_code == 0 and "signal" in listed.stdout
