"""A plan's fault trees in the Open-PSA Model Exchange Format, for an independent engine (SCRAM) to check.

The cut sets toolassess reports are the minimal sets of components whose failure leaves a purpose without a
channel. The same model as Open-PSA MEF: one basic event per component (it fails by itself), one gate per
component (it fails by itself OR because what it needs fails), one gate per tool, and one top gate per purpose
(AND over its channels). "Needs all of" is an OR of failures; "needs any of" an AND of failures. SCRAM's minimal
cut sets of that file are then comparable, set for set, with `minimal_cut_sets` (tests/test_openpsa.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from toolassess.models.catalog import AllOf, Catalog, Dependency, Purpose
from toolassess.models.plan import Plan
from toolassess.redundancy.faulttree import channels_by_purpose

_SAFE = re.compile(r"[^A-Za-z0-9_-]")


def _name(prefix: str, identifier: str) -> str:
    """An MEF identifier: ids are already letters, digits and '-', prefixed so kinds never collide."""
    return f"{prefix}_{_SAFE.sub('_', identifier)}"


def fault_tree_xml(plan: Plan, catalog: Catalog, purpose: Purpose) -> str:
    """The Open-PSA MEF document whose top event is "the purpose has no working channel"."""
    tools = channels_by_purpose(plan, catalog)[purpose]
    root = ElementTree.Element("opsa-mef")
    tree = ElementTree.SubElement(root, "define-fault-tree", name=_name("plan", purpose.value))
    components: set[str] = set()
    pending: list[str] = []

    def failure(parent: ElementTree.Element, dependency: Dependency) -> None:
        if isinstance(dependency, str):
            ElementTree.SubElement(parent, "gate", name=_name("c", dependency))
            if dependency not in components:
                components.add(dependency)
                pending.append(dependency)
            return
        # needs all of them: any failure is enough (or); needs any one: all must fail (and)
        branches = dependency.all if isinstance(dependency, AllOf) else dependency.any
        if len(branches) == 1:
            failure(parent, branches[0])
            return
        gate = ElementTree.SubElement(parent, "or" if isinstance(dependency, AllOf) else "and")
        for branch in branches:
            failure(gate, branch)

    top = ElementTree.SubElement(tree, "define-gate", name="top")
    conjunction = ElementTree.SubElement(top, "and") if len(tools) > 1 else top
    for tool_id in tools:
        ElementTree.SubElement(conjunction, "gate", name=_name("t", tool_id))
    for tool_id in tools:
        gate = ElementTree.SubElement(tree, "define-gate", name=_name("t", tool_id))
        dependency = catalog.tools[tool_id].depends_on
        if dependency is None:  # needs nothing: never fails
            ElementTree.SubElement(gate, "constant", value="false")
        else:
            failure(gate, dependency)
    while pending:
        component_id = pending.pop()
        gate = ElementTree.SubElement(tree, "define-gate", name=_name("c", component_id))
        needs = catalog.components[component_id].depends_on
        either = ElementTree.SubElement(gate, "or") if needs is not None else gate
        ElementTree.SubElement(either, "basic-event", name=_name("e", component_id))
        if needs is not None:
            failure(either, needs)
    data = ElementTree.SubElement(root, "model-data")
    for component_id in sorted(components):
        event = ElementTree.SubElement(data, "define-basic-event", name=_name("e", component_id))
        ElementTree.SubElement(event, "float", value="0.01")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="unicode") + "\n"


def scram_cut_sets(document: str, max_order: int, algorithm: str = "bdd") -> set[frozenset[str]]:
    """SCRAM's minimal cut sets of an MEF document, as sets of component ids (`scram` must be installed).

    `algorithm`: bdd (SCRAM's default), zbdd or mocus — the BDD runs out of memory on very wide trees.
    """
    executable = shutil.which("scram")
    if executable is None:
        raise FileNotFoundError("scram is not installed (Debian package scram)")
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "model.xml"
        report = Path(folder) / "report.xml"
        model.write_text(document, encoding="utf-8")
        subprocess.run(
            [executable, str(model), f"--{algorithm}", "--limit-order", str(max_order), "--output", str(report)],
            check=True,
            capture_output=True,
        )
        found: set[frozenset[str]] = set()
        for product in ElementTree.parse(report).getroot().iter("product"):
            events = [literal.get("name", "") for literal in product.iter("basic-event")]
            found.add(frozenset(event.removeprefix("e_") for event in events))
        return found
