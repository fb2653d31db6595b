"""The built-in catalogue's integrity: every SPEC id, every fact sourced or explicitly unknown, sound fault trees."""

from __future__ import annotations

from datetime import date

import pytest

from toolassess.inputs.catalog import load_catalog
from toolassess.models.assessment import FactStatus
from toolassess.models.catalog import component_ids, dependencies_first, dependency_graph, find_cycle, leaves
from toolassess.scoring.freshness import fact_status

SPEC_IDS = [
    "whatsapp",
    "messenger",
    "signal",
    "telegram",
    "threema",
    "wire",
    "olvid",
    "element",
    "tchap",
    "mattermost",
    "rocketchat",
    "slack",
    "teams",
    "google-chat",
    "webex",
    "zoom",
    "jitsi",
    "discord",
    "teamwire",
    "email",
    "sms",
    "mobile-voice",
    "landline",
    "satellite-phone",
    "tetra-radio",
    "pager",
    "mass-alerting",
    "x-twitter",
    "facebook-page",
    "cell-broadcast",
    "sirens",
]

CATALOG = load_catalog().catalog
AS_OF = date(2026, 12, 1)


def test_every_spec_id_is_profiled():
    assert set(SPEC_IDS) <= set(CATALOG.tools)
    assert len(SPEC_IDS) == 31


@pytest.mark.parametrize("tool_id", SPEC_IDS)
def test_every_tool_has_a_dependency_tree_and_facts(tool_id):
    tool = CATALOG.tools[tool_id]
    assert tool.depends_on is not None
    assert len(tool.facts.recorded()) >= 40


def test_more_than_nine_known_facts_in_ten_are_sourced():
    statuses = [fact_status(f, AS_OF) for t in CATALOG.tools.values() for f in t.facts.recorded().values()]
    known = [s for s in statuses if s is not FactStatus.UNKNOWN]
    sourced = [s for s in known if s is not FactStatus.UNSOURCED]
    assert len(sourced) / len(known) > 0.9


def test_no_check_date_or_outage_in_the_future():
    today = date.today()
    for tool in CATALOG.tools.values():
        for name, fact in tool.facts.recorded().items():
            assert fact.checked is None or fact.checked <= today, (tool.id, name)
        outages = tool.facts.documented_outages
        for outage in (outages.value or []) if outages else []:
            assert outage.date <= today, (tool.id, outage)
    for component in CATALOG.components.values():
        for incident in component.incidents:
            assert incident.date <= today, (component.id, incident)


def test_the_catalogue_check_finds_dangling_dependencies_and_cycles():
    """The built-in catalogue loads only because this check passes: show that it can fail."""
    from toolassess.models.catalog import Component

    graph = dependency_graph(CATALOG.components)
    assert find_cycle(graph) is None
    looped = {**graph, "a-net": ["b-net"], "b-net": ["a-net"]}
    assert find_cycle(looped) is not None
    dangling = Component.model_validate({"id": "x", "name": "x", "kind": "cloud", "depends_on": "no-such-component"})
    named = list(component_ids(dangling.depends_on))
    assert [c for c in named if c not in CATALOG.components] == ["no-such-component"]
    for tool in CATALOG.tools.values():
        for component_id in component_ids(tool.depends_on):
            assert component_id in CATALOG.components, (tool.id, component_id)


def test_meta_tools_share_the_meta_platform():
    for tool_id in ("whatsapp", "messenger"):
        assert "meta-platform" in set(component_ids(CATALOG.tools[tool_id].depends_on)) | {
            dep
            for c in component_ids(CATALOG.tools[tool_id].depends_on)
            for dep in component_ids(CATALOG.components[c].depends_on)
        }


def test_find_cycle_finds_a_cycle():
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"c": ["a"], "a": ["b"], "b": ["c"]}) == ["a", "b", "c", "a"]  # from its smallest id
    assert find_cycle({"a": ["b"], "b": []}) is None


def test_the_one_tree_walk_places_each_leaf_and_orders_dependencies_first():
    from toolassess.models.catalog import AllOf

    tree = AllOf.model_validate({"all": ["power-grid", {"any": ["mobile-data", "wifi"]}]})
    assert [tuple(leaf) for leaf in leaves(tree, ("depends_on",))] == [
        ("power-grid", ("depends_on", "all", 0), False),
        ("mobile-data", ("depends_on", "all", 1, "any", 0), True),
        ("wifi", ("depends_on", "all", 1, "any", 1), True),
    ]
    order = dependencies_first(CATALOG.components)
    assert sorted(order) == sorted(CATALOG.components)
    position = {c: i for i, c in enumerate(order)}
    for component in CATALOG.components.values():
        for below in component_ids(component.depends_on):
            assert position[below] < position[component.id], (component.id, below)
