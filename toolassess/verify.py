"""Verify an archival report: recompute the assessment from the files attached in the PDF and compare.

Checks, in order: the PDF carries `assessment.json`; every input it lists is attached with the same sha256;
the assessment recomputed from those inputs is byte-identical to the attached JSON; the scores printed on
the pages are those of the JSON. Limits: the catalogue overrides are replayed as one layer (two `--catalog`
folders defining the same id cannot be told apart afterwards).
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from pydantic import ValidationError

from toolassess.errors import ToolassessError
from toolassess.models.assessment import Assessment, InputFile
from toolassess.models.base import Model
from toolassess.yamlsource import YamlDocument


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


def _attachments(path: Path) -> dict[str, bytes]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return {name: contents[0] for name, contents in reader.attachments.items() if contents}
    except (OSError, PdfReadError, ValueError) as error:
        raise ToolassessError(f"{path}: not a readable PDF ({error})") from None


def _page_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "") for page in PdfReader(path).pages).split())


def verify_report(path: Path) -> Verification:
    """Recompute and compare; every failed check says what differs."""
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

    missing, altered = [], []
    for entry in assessment.inputs.files:
        content = attached.get(entry.path.replace("/", "__"))
        if content is None:
            missing.append(entry.path)
        elif hashlib.sha256(content).hexdigest() != entry.sha256:
            altered.append(entry.path)
    detail = "all inputs attached with their recorded sha256"
    if missing or altered:
        detail = "; ".join(
            filter(
                None,
                [
                    f"missing: {', '.join(missing)}" if missing else "",
                    f"sha256 differs: {', '.join(altered)}" if altered else "",
                ],
            )
        )
    checks.append(Check(name="inputs", ok=not (missing or altered), detail=detail))

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

    text = _page_text(path)
    from toolassess.render.filters import make_filters

    filters = make_filters(assessment.lang)
    number, label = filters["number"], filters["label"]
    printed = text.casefold()
    absent = [
        f"{s.tool} ({p.purpose})"
        for s in assessment.scores
        for p in s.purposes
        if f"{label(p.purpose)} {number(p.score)}/100".casefold() not in printed
    ]
    checks.append(
        Check(
            name="printed scores",
            ok=not absent,
            detail="every tool sheet shows the per-purpose scores of the JSON"
            if not absent
            else f"printed score differs or is missing for: {', '.join(absent)}",
        )
    )
    return Verification(report=str(path), ok=all(c.ok for c in checks), checks=checks)


def _catalog_layers(entries: list[tuple[InputFile, YamlDocument]]) -> list[list[YamlDocument]]:
    """The catalogue layers as the assessment loaded them (reports without layer numbers: built-in, then the rest)."""
    layers: dict[int, list[YamlDocument]] = {}
    for entry, doc in entries:
        layer = entry.layer if entry.layer is not None else (0 if doc.path.startswith("<builtin>/") else 1)
        layers.setdefault(layer, []).append(doc)
    return [layers[n] for n in sorted(layers)]


def _recompute(assessment: Assessment, attached: dict[str, bytes]) -> bytes:
    from toolassess.assess import AssessmentInputs, build_assessment
    from toolassess.loading import LoadedScenarios, build_catalog, build_criteria, check_plan, check_scenarios
    from toolassess.render.json import render_json
    from toolassess.yamlsource import read_yaml

    with tempfile.TemporaryDirectory() as folder:

        def entries(kind: str) -> list[tuple[InputFile, YamlDocument]]:
            result = []
            for index, entry in enumerate(f for f in assessment.inputs.files if f.kind == kind):
                content = attached.get(entry.path.replace("/", "__"))
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
