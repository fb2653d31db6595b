"""Verify an archival report: rebuild it from the files attached to it, and compare.

Checks, in order:
1. inputs — every input the attached assessment lists is attached, with its recorded sha256, and nothing else is
   attached (an extra file such as `invoice.pdf.exe` fails);
2. recomputation — the assessment recomputed from those inputs is byte-identical to the attached JSON;
3. whole file — the PDF rendered again from the attached assessment, audience and templates is byte-identical
   to the file: every page, the metadata (title, subject, dates) and the attachment list. Any change to the
   file — a page removed, a headline painted over, a title edited, a file attached — fails here, with a
   diagnosis of what differs;
4. printed scores — the per-purpose scores printed on the tool sheets are those of the JSON (a readable
   diagnosis when check 3 fails).

5. signature — when the report is signed (`toolassess sign`): the signature is intact, covers the whole file and,
   with `--trust CERT`, chains to a trusted certificate.

What it proves: the file is exactly what toolassess writes from these inputs. What it does not prove without a
signature: who wrote it — anyone with toolassess can write a matching report from their own inputs. A valid
signature proves that the holder of the key vouches for this very file.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationError

from toolassess.audit.archive import (
    ASSESSMENT,
    MAX_TEMPLATE_FILES,
    RENDER_INFO,
    TEMPLATE_PREFIX,
    archival_attachments,
    attachment_name,
    renderer_digest,
    safe_template_name,
)
from toolassess.errors import ToolassessError
from toolassess.inputs.yamlsource import YamlDocument
from toolassess.models.assessment import Assessment, InputFile
from toolassess.models.base import Model
from toolassess.models.catalog import FactOverride


class Check(Model):
    """One verification step and its outcome."""

    name: str
    ok: bool
    detail: str


class Verification(Model):
    """Whether a report still matches the inputs it carries."""

    report: str
    ok: bool
    checks: list[Check]
    overrides: list[FactOverride] = Field(
        default_factory=list,
        description="built-in catalogue facts the report's institution changed (a reader must see)",
    )


def _attachments(path: Path) -> dict[str, bytes]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        attached: dict[str, bytes] = {}
        for name, contents in reader.attachments.items():
            if len(contents) != 1:  # the same name twice: not a file toolassess wrote
                raise ToolassessError(f"{path}: attachment {name!r} appears {len(contents)} times")
            attached[name] = contents[0]
        return attached
    except (OSError, PyPdfError, ValueError, MemoryError, RecursionError) as error:
        raise ToolassessError(f"{path}: not a readable PDF ({type(error).__name__}: {error})"[:300]) from None


def _page_text(path: Path) -> str | None:
    """The pages' text, whitespace folded; None when the file's pages cannot be read (a damaged or crafted file)."""
    from pypdf import PdfReader

    try:
        return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(path).pages).split())
    except Exception:  # any failure to read crafted pages: the caller reports it, the check fails
        return None


def verify_report(path: Path, trust: Sequence[Path] = ()) -> Verification:
    """Recompute and compare; every failed check says what differs. `trust`: certificates a signature must chain to."""
    import logging

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd files are not our one-line answer
    attached = _attachments(path)
    checks: list[Check] = []
    if "assessment.json" not in attached:
        raise ToolassessError(f"{path}: no assessment.json attached — not a toolassess archival report")
    try:
        assessment = Assessment.model_validate_json(attached["assessment.json"])
    except ValidationError as error:
        checks.append(
            Check(
                name="assessment",
                ok=False,
                detail=f"attached assessment.json is not valid: {error.error_count()} error(s)",
            )
        )
        return Verification(report=str(path), ok=False, checks=checks)

    expected = {attachment_name(i, entry.path): entry for i, entry in enumerate(assessment.inputs.files)}
    missing, altered = [], []
    for name, entry in expected.items():
        content = attached.get(name)
        if content is None:
            missing.append(entry.path)
        elif hashlib.sha256(content).hexdigest() != entry.sha256:
            altered.append(entry.path)
    own = {RENDER_INFO, ASSESSMENT}
    extra = sorted(n for n in attached if n not in expected and n not in own and not n.startswith(TEMPLATE_PREFIX))
    detail = "all inputs attached with their recorded sha256, and nothing else"
    if missing or altered or extra:
        detail = "; ".join(
            filter(
                None,
                [
                    f"missing: {', '.join(missing)}" if missing else "",
                    f"sha256 differs: {', '.join(altered)}" if altered else "",
                    f"attachments not written by toolassess: {', '.join(extra)}" if extra else "",
                ],
            )
        )
    checks.append(Check(name="inputs", ok=not (missing or altered or extra), detail=detail))

    recomputed = _recompute(assessment, attached)
    same = recomputed == attached["assessment.json"]
    checks.append(
        Check(
            name="recomputation",
            ok=same,
            detail="the attached inputs give the attached assessment, byte for byte"
            if same
            else _first_difference(attached["assessment.json"], recomputed),
        )
    )

    from toolassess.audit.signing import check_signature

    signature = check_signature(path.read_bytes(), list(trust))
    if all(check.ok for check in checks):
        whole = _whole_file(path, assessment, attached, signature.signed_prefix if signature.ok else 0)
    else:  # already proved not to match: rebuilding the pages from a wrong assessment would prove nothing more
        whole = Check(
            name="whole file",
            ok=False,
            detail="not rebuilt: the attached assessment does not follow from the attached inputs (see above)",
        )
    checks.append(whole)
    checks.append(Check(name="signature", ok=signature.ok, detail=signature.detail))
    if whole.ok:  # every page is the one toolassess writes: the printed scores are those of the JSON
        checks.append(Check(name="printed scores", ok=True, detail="proved by the whole-file check"))
    else:
        checks.append(_printed_scores(path, assessment))
    return Verification(
        report=str(path), ok=all(c.ok for c in checks), checks=checks, overrides=assessment.inputs.overrides
    )


def _printed_scores(path: Path, assessment: Assessment) -> Check:
    """Whether the tool sheets still print the JSON's per-purpose scores (a readable diagnosis of a changed file)."""
    from toolassess.reporting.filters import make_filters

    filters = make_filters(assessment.lang)
    number, label = filters["number"], filters["label"]
    text = _page_text(path)
    if text is None:
        return Check(name="printed scores", ok=False, detail="the pages cannot be read")
    printed = text.casefold()
    absent = [
        f"{s.tool} ({p.purpose})"
        for s in assessment.scores
        for p in s.purposes
        if f"{label(p.purpose)} {number(p.score)}/100".casefold() not in printed
    ]
    return Check(
        name="printed scores",
        ok=not absent,
        detail="every tool sheet shows the per-purpose scores of the JSON"
        if not absent
        else f"printed score differs or is missing for: {', '.join(absent)}",
    )


def _catalog_layers(entries: list[tuple[InputFile, YamlDocument]]) -> list[list[YamlDocument]]:
    """The catalogue layers as the assessment loaded them (reports without layer numbers: built-in, then the rest)."""
    layers: dict[int, list[YamlDocument]] = {}
    for entry, doc in entries:
        layer = entry.layer if entry.layer is not None else (0 if doc.path.startswith("<builtin>/") else 1)
        layers.setdefault(layer, []).append(doc)
    return [layers[n] for n in sorted(layers)]


def _recompute(assessment: Assessment, attached: dict[str, bytes]) -> bytes:
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import AssessmentInputs
    from toolassess.inputs.catalog import build_catalog
    from toolassess.inputs.criteria import build_criteria
    from toolassess.inputs.plans import LoadedScenarios, check_plan, check_scenarios
    from toolassess.inputs.yamlsource import read_yaml
    from toolassess.reporting.json import render_json

    positions = {id(entry): index for index, entry in enumerate(assessment.inputs.files)}
    with tempfile.TemporaryDirectory() as folder:

        def entries(kind: str) -> list[tuple[InputFile, YamlDocument]]:
            result = []
            for index, entry in enumerate(f for f in assessment.inputs.files if f.kind == kind):
                content = attached.get(attachment_name(positions[id(entry)], entry.path))
                if content is None:
                    continue
                file = Path(folder) / f"{kind}-{index}.yaml"
                file.write_bytes(content)
                result.append((entry, read_yaml(file, entry.path)))
            return result

        def docs(kind: str) -> list[YamlDocument]:
            return [doc for _, doc in entries(kind)]

        try:
            loaded_catalog = build_catalog(_catalog_layers(entries("catalog")))
            criteria = build_criteria(docs("criteria"))
            scenarios = LoadedScenarios(
                check_scenarios(docs("scenarios"), loaded_catalog.catalog).scenarios, docs("scenarios")
            )
            plan_docs = docs("plan")
            if not plan_docs:
                return b"(no plan attached)"
            loaded_plan = check_plan(plan_docs[0], loaded_catalog.catalog, criteria)
        except ToolassessError as error:
            return f"(attached inputs do not load: {error})".encode()
        plan = loaded_plan.plan.model_copy(update={"lang": assessment.lang})
        inputs = AssessmentInputs(
            plan,
            loaded_plan.doc,
            loaded_catalog,
            criteria,
            scenarios,
            assessment.assessed_on,
            assessment.inputs.stale_after_days,
        )
        return render_json(build_assessment(inputs, assessment.inputs.max_order)).encode("utf-8")


def _first_difference(expected: bytes, actual: bytes) -> str:
    old, new = expected.decode("utf-8", "replace").splitlines(), actual.decode("utf-8", "replace").splitlines()
    for number, (a, b) in enumerate(zip(old, new, strict=False), start=1):
        if a != b:
            attached, recomputed = a.strip()[:80], b.strip()[:80]
            return (
                f"recomputed assessment differs at JSON line {number}: attached {attached!r}, recomputed {recomputed!r}"
            )
    return f"recomputed assessment differs in length ({len(old)} vs {len(new)} lines)"


def _whole_file(path: Path, assessment: Assessment, attached: dict[str, bytes], signed_prefix: int = 0) -> Check:
    """Render the report again from what it carries and compare every byte; say what differs when it does not.

    A validly signed report is the report followed by one signature revision: its first `signed_prefix` bytes are
    compared.
    """
    from toolassess.reporting import Audience
    from toolassess.reporting.pdf import render_pdf

    try:
        info = json.loads(attached.get(RENDER_INFO, b"{}"))
        audience = Audience(info.get("audience", "planner"))
        names = [str(n) for n in info.get("templates", [])][:MAX_TEMPLATE_FILES]
        renderer = str(info.get("renderer", ""))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return Check(name="whole file", ok=False, detail=f"{RENDER_INFO} is not what toolassess writes")
    if renderer != renderer_digest():
        return Check(
            name="whole file",
            ok=False,
            detail=f"written by another build of toolassess (renderer {renderer[:16] or 'unknown'}, this one "
            f"{renderer_digest()}): its pages can only be rebuilt by that build; the inputs and the recomputation "
            "above are still checked",
        )
    templates = [(name, attached.get(TEMPLATE_PREFIX + name, b"")) for name in names]
    inputs = [(e.path, attached.get(attachment_name(i, e.path), b"")) for i, e in enumerate(assessment.inputs.files)]
    attachments = archival_attachments(inputs, attached[ASSESSMENT], audience.value, templates)
    with tempfile.TemporaryDirectory() as folder:
        template_dir = None
        if templates:
            template_dir = Path(folder)
            for name, raw in templates:
                if not safe_template_name(name):
                    return Check(name="whole file", ok=False, detail=f"template name {name[:80]!r} is not a file name")
                (template_dir / name).parent.mkdir(parents=True, exist_ok=True)
                (template_dir / name).write_bytes(raw)
        try:
            rebuilt = render_pdf(assessment, audience, attachments, template_dir)
        except ToolassessError as error:
            return Check(name="whole file", ok=False, detail=f"the report cannot be rendered again: {error}")
    actual = path.read_bytes()
    if rebuilt == actual or (signed_prefix and actual[:signed_prefix] == rebuilt):
        signed = ", followed by its signature" if rebuilt != actual else ""
        return Check(
            name="whole file",
            ok=True,
            detail="rendered again from its attachments, the report is identical byte for byte "
            f"(every page, the metadata and the attachment list){signed}",
        )
    return Check(name="whole file", ok=False, detail=_pdf_difference(rebuilt, actual))


def _pdf_difference(expected: bytes, actual: bytes) -> str:
    """What differs between the report toolassess writes and the file (pages, metadata, attachments, text)."""
    import io

    from pypdf import PdfReader

    try:
        want, got = PdfReader(io.BytesIO(expected)), PdfReader(io.BytesIO(actual))
        if len(want.pages) != len(got.pages):
            return f"the file has {len(got.pages)} pages where the report has {len(want.pages)}"
        want_meta, got_meta = dict(want.metadata or {}), dict(got.metadata or {})
        changed = sorted(k for k in want_meta.keys() | got_meta.keys() if want_meta.get(k) != got_meta.get(k))
        if changed:
            return f"document metadata differs: {', '.join(str(k).lstrip('/') for k in changed)}"
        if sorted(want.attachments) != sorted(got.attachments):
            extra = sorted(set(got.attachments) - set(want.attachments))
            gone = sorted(set(want.attachments) - set(got.attachments))
            return f"attachments differ: added {extra or 'none'}, removed {gone or 'none'}"
        for number, (a, b) in enumerate(zip(want.pages, got.pages, strict=True), start=1):
            if (a.extract_text() or "") != (b.extract_text() or ""):
                return f"the text of page {number} differs from the report toolassess writes"
        for number, (a, b) in enumerate(zip(want.pages, got.pages, strict=True), start=1):
            drawn_a, drawn_b = a.get_contents(), b.get_contents()
            if drawn_a is not None and drawn_b is not None and drawn_a.get_data() != drawn_b.get_data():
                return f"page {number} is drawn differently (same text): something was painted over or moved"
    except Exception as error:  # a damaged file: the comparison itself says enough
        return f"the file differs from the report toolassess writes and cannot be analysed ({type(error).__name__})"
    return "the file's bytes differ from the report toolassess writes (structure, fonts or an appended revision)"
