"""The cut-set engine against SCRAM (an established Open-PSA engine) on the same model, when it is installed."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from toolassess.inputs.bundle import load_inputs
from toolassess.inputs.catalog import load_catalog
from toolassess.inputs.files import EXAMPLE_PLAN
from toolassess.models.catalog import Purpose
from toolassess.models.plan import Plan
from toolassess.redundancy.faulttree import FaultTree, minimal_cut_sets
from toolassess.redundancy.openpsa import fault_tree_xml, scram_cut_sets

needs_scram = pytest.mark.skipif(shutil.which("scram") is None, reason="Debian package scram (make installs it)")
PORTFOLIO = sorted((Path(__file__).parents[1] / "examples" / "portfolio").glob("*.yaml"))


def assert_same_cut_sets(plan: Plan, catalog, order: int = 3) -> int:
    ours = minimal_cut_sets(plan, FaultTree(catalog, order))
    for purpose, family in ours.items():
        theirs = scram_cut_sets(fault_tree_xml(plan, catalog, purpose), order)
        assert set(family) == theirs, (purpose, set(family) ^ theirs)
    return len(ours)


@needs_scram
@pytest.mark.parametrize("path", [EXAMPLE_PLAN, *PORTFOLIO], ids=lambda p: p.stem)
def test_cut_sets_agree_with_scram_on_the_example_plans(path):
    inputs = load_inputs(path)
    assert assert_same_cut_sets(inputs.plan, inputs.catalog) >= 1


@needs_scram
def test_cut_sets_agree_with_scram_on_random_plans():
    catalog = load_catalog().catalog
    rng = random.Random(20261201)
    tools = sorted(catalog.tools)
    for _ in range(12):
        chosen = rng.sample(tools, k=rng.randint(2, 5))
        plan = Plan.model_validate(
            {
                "name": "random",
                "channels": [{"tool": t, "purpose": [p.value for p in catalog.tools[t].purposes][:1]} for t in chosen],
            }
        )
        assert_same_cut_sets(plan, catalog)


def test_the_export_is_open_psa_with_one_event_per_component():
    inputs = load_inputs(EXAMPLE_PLAN)
    document = fault_tree_xml(inputs.plan, inputs.catalog, Purpose.COMMUNICATION)
    assert document.startswith("<opsa-mef>") and '<define-gate name="top">' in document
    assert '<define-basic-event name="e_power-grid">' in document
    assert '<gate name="t_teams" />' in document and '<gate name="t_whatsapp" />' in document
