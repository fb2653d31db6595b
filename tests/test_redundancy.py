"""Redundancy: the SPEC examples, cut sets against brute force, incident replays, --fail-on and exercises."""

from __future__ import annotations

import json
from datetime import date
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolassess.assess import analyse_redundancy
from toolassess.inputs.catalog import load_catalog
from toolassess.inputs.files import EXAMPLE_PLAN
from toolassess.inputs.plans import load_scenarios
from toolassess.models.base import local
from toolassess.models.catalog import Catalog, Component, ToolProfile
from toolassess.models.findings import FindingKind
from toolassess.models.plan import Plan
from toolassess.redundancy.faulttree import FaultTree, minimal_cut_sets
from toolassess.redundancy.scenarios import failed_components, run_scenario

CATALOG = load_catalog().catalog
SCENARIOS = {s.id: s for s in load_scenarios([], CATALOG).scenarios}
AS_OF = date(2026, 12, 1)


def plan(*channels: tuple[str, str, str]) -> Plan:
    return Plan.model_validate(
        {"name": "test", "channels": [{"tool": t, "purpose": [p], "role": r} for t, p, r in channels]}
    )


def test_whatsapp_and_messenger_are_a_false_redundancy_through_meta():
    result = analyse_redundancy(
        plan(("whatsapp", "communication", "primary"), ("messenger", "communication", "primary")), CATALOG, [], AS_OF
    )
    false = [f for f in result.findings if f.kind is FindingKind.FALSE_REDUNDANCY]
    # one finding per root cause, worst first: the shared vendor platform, internet access, then push (which only
    # degrades them)
    assert [f.components[0] for f in false] == ["meta-platform", "internet-access", "mobile-push"]
    assert all(set(f.tools) == {"whatsapp", "messenger"} for f in false)
    assert "meta-platform" in false[0].components
    assert false[0].severity == "high"
    assert "same vendor platform (meta-platform)" in false[0].message
    assert "Oct 4, 2021" in false[0].message or "Dec 11, 2024" in false[0].message  # a documented incident is cited


def test_teams_and_signal_still_share_internet_and_push():
    p = plan(("teams", "communication", "primary"), ("signal", "communication", "backup"))
    result = analyse_redundancy(p, CATALOG, list(SCENARIOS.values()), AS_OF)
    false = [f for f in result.findings if f.kind is FindingKind.FALSE_REDUNDANCY]
    shared = {c for f in false for c in f.components}
    assert {"internet-access", "mobile-push", "apple-apns", "google-fcm"} <= shared
    assert [f.components[0] for f in false] == ["internet-access", "mobile-push"]  # each root cause once
    assert "meta-platform" not in shared
    both_down = {o.id for o in result.scenarios if not o.surviving["communication"]}
    assert {"internet-outage", "blackout-8h"} <= both_down
    assert "aws-us-east-1-2025-10-20" not in both_down  # Signal down, Teams up
    push = next(o for o in result.scenarios if o.id == "push-services-down")  # degraded, not down: see below
    assert push.surviving["communication"] == push.degraded["communication"] == ["teams", "signal"]


@pytest.mark.parametrize("scenario_id", ["blackout-24h", "gsm-core-outage"])
def test_app_only_plans_have_no_notification_left(scenario_id):
    # Messengers cannot wake anyone (seed 000): listed for notification, they do not count for it.
    p = plan(
        ("whatsapp", "notification", "primary"),
        ("signal", "notification", "backup"),
        ("teams", "communication", "primary"),
    )
    outcome = run_scenario(p, CATALOG, SCENARIOS[scenario_id], "en")
    assert outcome.surviving["notification"] == []
    result = analyse_redundancy(p, CATALOG, [SCENARIOS[scenario_id]], AS_OF)
    uncovered = [f for f in result.findings if f.kind is FindingKind.UNCOVERED_PURPOSE]
    assert any(f.message == "No channel of the plan serves notification." and f.severity == "high" for f in uncovered)
    assert any("WhatsApp is listed for notification but cannot serve it" in f.message for f in uncovered)


def test_an_alerting_app_survives_a_gsm_outage_on_wifi_but_not_a_long_blackout():
    p = plan(("teamwire", "notification", "primary"))
    assert run_scenario(p, CATALOG, SCENARIOS["gsm-core-outage"], "en").surviving["notification"] == ["teamwire"]
    assert run_scenario(p, CATALOG, SCENARIOS["blackout-24h"], "en").surviving["notification"] == []


def test_a_tool_backing_up_itself_is_a_false_redundancy():
    result = analyse_redundancy(
        plan(("whatsapp", "communication", "primary"), ("whatsapp", "communication", "backup")), CATALOG, [], AS_OF
    )
    assert any(
        f.kind is FindingKind.FALSE_REDUNDANCY and f.severity == "high" and "cannot back itself up" in f.message
        for f in result.findings
    )


def test_a_future_test_date_is_flagged():
    p = Plan.model_validate(
        {"name": "t", "channels": [{"tool": "sms", "purpose": ["notification"], "last_tested": "2062-01-01"}]}
    )
    result = analyse_redundancy(p, CATALOG, [], AS_OF)
    assert any(
        f.kind is FindingKind.UNTESTED_CHANNEL and "after the assessment date" in f.message for f in result.findings
    )


def test_accepting_a_risk_for_some_tools_does_not_cover_tool_less_findings():
    from toolassess.findings.acceptance import mark_accepted
    from toolassess.models.findings import Finding
    from toolassess.models.plan import AcceptedRisk

    risk = AcceptedRisk(
        finding="uncovered-purpose", tools=["whatsapp"], reason="r", accepted_by="me", until=date(2099, 1, 1)
    )
    about_whatsapp = Finding(kind="uncovered-purpose", severity="medium", tools=["whatsapp"], message="a")
    tool_less = Finding(
        kind="uncovered-purpose", severity="high", message="No channel of the plan serves notification."
    )
    marked = mark_accepted([about_whatsapp, tool_less], [risk], AS_OF)
    assert [f.accepted for f in marked] == [True, False]


def test_the_bundled_example_shows_a_false_redundancy_scenarios_and_replays(invoke):
    result = invoke("redundancy", str(EXAMPLE_PLAN), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert any(f["kind"] == "false-redundancy" for f in data["findings"])
    assert {"communication", "notification", "public-information"} <= set(data["cut_sets"])
    assert any(s["kind"] == "incident" and s["source"] for s in data["scenarios"])
    table = invoke("redundancy", str(EXAMPLE_PLAN))
    assert "Findings" in table.stdout and "Scenarios" in table.stdout


# tool → must be down / must stay up in each replayed incident (as reported by the incident's sources)
REPLAYS = {
    "meta-2021-10-04": ({"whatsapp", "messenger", "facebook-page"}, {"signal", "telegram", "teams", "sms"}),
    "aws-us-east-1-2025-10-20": ({"signal", "slack", "zoom"}, {"whatsapp", "teams", "sms"}),
    "microsoft-wan-2023-01-25": ({"teams"}, {"whatsapp", "signal", "sms"}),
    "google-cloud-2025-06-12": ({"google-chat", "discord"}, {"whatsapp", "teams", "signal"}),
    "cloudflare-2025-11-18": ({"x-twitter", "discord"}, {"whatsapp", "teams", "sms"}),
    "iberian-blackout-2025-04-28": ({"whatsapp", "teams", "sms", "mobile-voice"}, {"satellite-phone"}),
    "orange-emergency-2021-06-02": ({"landline"}, {"whatsapp", "sms"}),
}


@pytest.mark.parametrize("scenario_id", sorted(REPLAYS))
def test_incident_replays_down_what_went_down_and_spare_what_stayed_up(scenario_id):
    down, up = REPLAYS[scenario_id]
    everything = plan(*[(t, "communication", "primary") for t in sorted(down | up)])
    outcome = run_scenario(everything, CATALOG, SCENARIOS[scenario_id], "en")
    assert down <= set(outcome.failed_tools), outcome.failed_tools
    assert not (up & set(outcome.failed_tools)), outcome.failed_tools
    assert outcome.source and outcome.source.startswith("http")


def test_blackout_spares_components_whose_batteries_last():
    assert "tetra-network" not in failed_components(CATALOG, SCENARIOS["blackout-2h"])
    assert "tetra-network" in failed_components(CATALOG, SCENARIOS["blackout-8h"])  # 8 h of batteries: not enough
    assert "tetra-network" in failed_components(CATALOG, SCENARIOS["blackout-24h"])
    assert "mobile-radio-access" in failed_components(CATALOG, SCENARIOS["blackout-2h"])


def test_fail_on_exits_1_and_accepted_risks_do_not_trip_it(workdir, invoke):
    base = "name: t\nchannels:\n  - {tool: whatsapp, purpose: [communication]}\n  - {tool: messenger, purpose: [communication], role: backup}\n"
    (workdir / "plan.yaml").write_text(base)
    tripped = invoke("redundancy", "plan.yaml", "--fail-on", "false-redundancy", "--format", "json")
    assert tripped.exit_code == 1
    assert json.loads(tripped.stdout)["findings"]
    accepted = base + (
        "accepted_risks:\n  - {finding: false-redundancy, tools: [whatsapp, messenger], reason: interim,"
        " accepted_by: Mayor, until: 2099-01-01}\n"
    )
    (workdir / "plan.yaml").write_text(accepted)
    assert invoke("redundancy", "plan.yaml", "--fail-on", "false-redundancy").exit_code == 0
    expired = accepted.replace("2099-01-01", "2020-01-01")
    (workdir / "plan.yaml").write_text(expired)
    assert invoke("redundancy", "plan.yaml", "--fail-on", "false-redundancy").exit_code == 1
    assert invoke("redundancy", "plan.yaml", "--fail-on", "falsy").exit_code == 2


def test_exercise_turns_cut_sets_into_injects(invoke):
    result = invoke("redundancy", str(EXAMPLE_PLAN), "--exercise", "--format", "json")
    cases = json.loads(result.stdout)
    assert len(cases) == 5
    assert all(case["injects"][0]["minute"] == 0 and case["injects"][-1]["expected_action"] for case in cases)


# ---------------------------------------------------------------- cut sets vs brute force


@st.composite
def random_trees(draw):
    """A random component DAG (each depends on earlier ones) and tools over it, as a Catalog."""
    n = draw(st.integers(2, 7))
    names = [f"c{i}" for i in range(n)]

    def tree(candidates, depth=0):
        if not candidates:
            return None
        if depth >= 2 or draw(st.booleans()):
            return draw(st.sampled_from(candidates))
        key = draw(st.sampled_from(["all", "any"]))
        branches = draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=3, unique=True))
        return {key: [b if draw(st.booleans()) else tree(candidates, depth + 1) or b for b in branches]}

    components = {}
    for i, name in enumerate(names):
        dependency = tree(names[:i]) if i and draw(st.booleans()) else None
        components[name] = Component.model_validate(
            {"id": name, "name": name, "kind": "cloud", "depends_on": dependency}
        )
    tools = {}
    for j in range(draw(st.integers(1, 3))):
        tools[f"t{j}"] = ToolProfile.model_validate(
            {
                "id": f"t{j}",
                "name": "t",
                "kind": "messenger",
                "deployment": "d",
                "purposes": ["communication"],
                "depends_on": tree(names),
            }
        )
    return Catalog(version="test", tools=tools, components=components)


def brute_force_cut_sets(catalog: Catalog, p: Plan, max_order: int) -> set[frozenset[str]]:
    from toolassess.models.scenarios import Scenario

    names = sorted(catalog.components)
    failing = []
    for size in range(1, max_order + 1):
        for combo in combinations(names, size):
            if any(set(found) <= set(combo) for found in failing):
                continue
            scenario = Scenario.model_validate(
                {"id": "x", "kind": "generic", "title": {"en": "x", "fr": "x"}, "fails": list(combo)}
            )
            if not run_scenario(p, catalog, scenario, "en").surviving["communication"]:
                failing.append(frozenset(combo))
    return set(failing)


@settings(max_examples=200, deadline=None)
@given(random_trees(), st.integers(1, 3))
def test_cut_sets_match_brute_force(catalog, max_order):
    p = plan(*[(t, "communication", "primary") for t in catalog.tools])
    computed = minimal_cut_sets(p, FaultTree(catalog, max_order))
    assert set(computed.get("communication", frozenset())) == brute_force_cut_sets(catalog, p, max_order)


def test_sms_registration_is_a_hidden_dependency_of_phone_number_apps():
    result = analyse_redundancy(
        plan(("signal", "communication", "primary"), ("tchap", "communication", "backup")), CATALOG, [], AS_OF
    )
    hidden = [f for f in result.findings if f.kind is FindingKind.HIDDEN_DEPENDENCY]
    assert [f.tools for f in hidden] == [["signal"]]  # Tchap uses an e-mail address
    assert "mobile-voice-sms" in hidden[0].components


LOCAL_MEASURES_PLAN = """\
name: Town hall with a generator
lang: en
profile: management-team
scope: [communication, notification]
channels:
  - {tool: teams, purpose: [communication], role: primary, last_tested: 2026-10-01}
  - {tool: sms, purpose: [notification], role: primary, last_tested: 2026-10-01}
backup_power:
  - {site: town hall, hours: 72, keeps_up: [institution-network, fixed-access]}
procedures:
  - {id: runners, purpose: [notification], description: Staff on bicycles to the heads of service}
"""


def test_local_measures_change_the_scenarios_and_scope_limits_what_is_judged(tmp_path):
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "plan.yaml"
    plan.write_text(LOCAL_MEASURES_PLAN, encoding="utf-8")
    with_generator = build_assessment(load_inputs(plan, as_of=AS_OF))
    plan.write_text(LOCAL_MEASURES_PLAN.split("backup_power:")[0], encoding="utf-8")
    without = build_assessment(load_inputs(plan, as_of=AS_OF))

    def outcome(assessment, scenario_id):
        return next(s for s in assessment.scenarios if s.id == scenario_id)

    # the generator keeps the town hall's network and line up for 72 h: Teams rides through a 24 h blackout
    assert outcome(with_generator, "blackout-24h").surviving["communication"] == ["teams"]
    assert outcome(without, "blackout-24h").surviving["communication"] == []
    # a procedure is a last resort for the purpose it names, shown where no channel survives, never a channel
    assert outcome(with_generator, "blackout-24h").fallback == {"notification": ["runners"]}
    assert "runners" not in outcome(with_generator, "blackout-24h").surviving["notification"]
    lost = next(f for f in with_generator.findings if f.kind == "uncovered-purpose" and f.purpose == "notification")
    assert "Last resort, not a channel: runners." in lost.message
    # out of scope: public information is not judged (no "no channel serves public information" finding)
    assert not [f for f in with_generator.findings if f.purpose == "public-information"]
    assert "public-information" not in outcome(with_generator, "blackout-24h").surviving


def test_local_measures_are_checked_like_every_input(tmp_path, invoke):
    plan = tmp_path / "plan.yaml"
    plan.write_text(LOCAL_MEASURES_PLAN.replace("keeps_up: [institution-network,", "keeps_up: [institution-netwrk,"))
    result = invoke("validate", str(plan))
    assert result.exit_code == 2
    assert "plan.yaml:9:45: backup_power.0.keeps_up.0:" in result.stderr
    assert "unknown component 'institution-netwrk'" in result.stderr
    assert "did you mean 'institution-network'" in result.stderr


def test_exercise_cases_agree_with_the_scenario_table_and_reach_the_reports():
    """The grid case plays a blackout: tools go down when their backup runs out, as in the blackout scenarios."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.reporting.markdown import md_escape, render_markdown

    assessment = build_assessment(load_inputs(EXAMPLE_PLAN, as_of=AS_OF))
    grid = next(case for case in assessment.exercise if case.cut_set == ["power-grid"])
    downs = [inject for inject in grid.injects if inject.event.startswith(("Outils hors service", "Tools down"))]
    blackout = next(s for s in assessment.scenarios if s.id == "blackout-2h")
    names = ", ".join(local(CATALOG.tools[tool].name, "fr") for tool in blackout.failed_tools)
    assert downs and all(names in inject.event for inject in downs[-1:])  # tools by name, as the cell calls them
    assert downs[0].minute == 30  # mobile radio access: 0.5 h of battery in the catalogue (networks.yaml)
    markdown = render_markdown(assessment)
    assert "## Exercice sur table" in markdown and md_escape(grid.title) in markdown


def test_brussels_replay_saturates_voice_and_astrid_while_texts_and_data_pass():
    """22 Mar 2016: calls had to be retried, people were asked to text (AFP), ASTRID saturated near the sites."""
    everything = plan(
        ("mobile-voice", "communication", "primary"),
        ("tetra-radio", "communication", "backup"),
        ("whatsapp", "communication", "backup"),
        ("sms", "notification", "primary"),
    )
    outcome = run_scenario(everything, CATALOG, SCENARIOS["brussels-2016-03-22"], "en")
    assert outcome.failed_tools == []
    assert outcome.degraded == {"communication": ["mobile-voice", "tetra-radio"], "notification": ["sms"]}
    assert any("calls fail and must be retried" in r for r in outcome.degraded_reasons["mobile-voice"])
    assert any("talk groups congested" in r for r in outcome.degraded_reasons["tetra-radio"])
    assert "whatsapp" not in outcome.degraded_reasons  # data passes
    assert outcome.source and outcome.source.startswith("http")


def test_a_push_outage_degrades_messengers_and_takes_down_app_only_notification():
    p = plan(("whatsapp", "communication", "primary"), ("teamwire", "notification", "primary"))  # app-only alerting
    outcome = run_scenario(p, CATALOG, SCENARIOS["push-services-down"], "en")
    assert outcome.surviving["communication"] == ["whatsapp"] and outcome.degraded["communication"] == ["whatsapp"]
    assert "nobody is woken" in outcome.degraded_reasons["whatsapp"][0]
    assert "teamwire" not in outcome.failed_tools and "teamwire" in outcome.degraded_reasons
    assert outcome.surviving["notification"] == []  # degraded, it still carries messages, but waking was its job
    result = analyse_redundancy(p, CATALOG, [SCENARIOS["push-services-down"]], AS_OF)
    assert any(f.kind is FindingKind.UNCOVERED_PURPOSE and f.purpose == "notification" for f in result.findings)


def test_priority_sims_get_through_a_congested_mobile_network():
    from toolassess.models.plan import Plan

    common = {"purpose": ["communication"], "role": "primary"}
    without = Plan.model_validate({"name": "p", "channels": [{"tool": "mobile-voice", **common}]})
    with_priority = Plan.model_validate(
        {"name": "p", "channels": [{"tool": "mobile-voice", **common, "priority_access": "Blue Light Mobile"}]}
    )
    scenario = SCENARIOS["mobile-voice-congestion"]
    assert run_scenario(without, CATALOG, scenario, "en").degraded == {"communication": ["mobile-voice"]}
    assert run_scenario(with_priority, CATALOG, scenario, "en").degraded == {}
    # ASTRID is not a mobile network: priority SIMs do nothing for it
    radio = Plan.model_validate(
        {"name": "p", "channels": [{"tool": "tetra-radio", **common, "priority_access": "Blue Light Mobile"}]}
    )
    assert run_scenario(radio, CATALOG, SCENARIOS["brussels-2016-03-22"], "en").degraded == {
        "communication": ["tetra-radio"]
    }


def test_partners_unreachable_with_no_shared_tool_or_when_the_shared_ones_fail(tmp_path, invoke):
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan_file = tmp_path / "plan.yaml"
    plan_file.write_text(
        "name: P\nlang: en\nprofile: management-team\nscope: [communication]\nchannels:\n"
        "  - {tool: whatsapp, purpose: [communication], role: primary, last_tested: 2026-11-01}\n"
        "  - {tool: mobile-voice, purpose: [communication], role: backup, last_tested: 2026-11-01}\n"
        "partners:\n"
        "  - {name: Police (ASTRID), tools: [astrid]}\n"  # an alias: resolved to tetra-radio
        "  - {name: Prefecture, tools: [mobile-voice, tchap]}\n",
        encoding="utf-8",
    )
    assessment = build_assessment(load_inputs(plan_file, as_of=AS_OF))
    partners = [f for f in assessment.findings if f.kind == "partner-unreachable"]
    police = next(f for f in partners if f.message.startswith("Police"))
    assert police.severity == "high" and police.tools == ["tetra-radio"]
    prefecture = next(f for f in partners if f.message.startswith("Prefecture"))
    assert prefecture.tools == ["mobile-voice"] and "blackout-2h" in prefecture.scenarios
    assert "gsm-core-outage" in prefecture.scenarios and "meta-down" not in prefecture.scenarios
    assert invoke("redundancy", str(plan_file), "--fail-on", "partner").exit_code == 1
    plan_file.write_text(plan_file.read_text().replace("[astrid]", "[astrd]"), encoding="utf-8")
    result = invoke("validate", str(plan_file))
    assert result.exit_code == 2 and "partners.0.tools.0" in result.stderr and "did you mean 'astrid'" in result.stderr


def test_personal_phones_are_a_finding_only_where_the_tool_makes_them_matter(tmp_path):
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan_file = tmp_path / "plan.yaml"
    channels = (
        "  - {tool: whatsapp, purpose: [communication], role: primary, last_tested: 2026-11-01, device: personal}\n"
        "  - {tool: teams, purpose: [communication], role: backup, last_tested: 2026-11-01, device: personal}\n"
        "  - {tool: signal, purpose: [communication], role: backup, last_tested: 2026-11-01, device: managed}\n"
        "  - {tool: sms, purpose: [communication], role: backup, last_tested: 2026-11-01}\n"
    )
    plan_file.write_text(
        "name: P\nlang: en\nprofile: management-team\nscope: [communication]\nchannels:\n" + channels, encoding="utf-8"
    )
    findings = [
        f for f in build_assessment(load_inputs(plan_file, as_of=AS_OF)).findings if f.kind == "personal-device"
    ]
    assert [f.tools for f in findings] == [["whatsapp"]]  # teams: no phone number, remote wipe; managed/unstated: none
    assert "private phone number" in findings[0].message


def test_sharing_severity_weighs_what_is_lost_how_long_and_how_likely():
    from toolassess.findings.redundancy import _shared_severity, outage_hours
    from toolassess.models.catalog import Purpose

    components = CATALOG.components
    assert _shared_severity(components["meta-platform"], Purpose.COMMUNICATION) == "high"  # a vendor platform
    assert outage_hours(components["mobile-core"]) >= 24  # documented: a day and more of outages in total
    assert _shared_severity(components["mobile-core"], Purpose.COMMUNICATION) == "high"  # medium kind, one step up
    assert _shared_severity(components["mobile-voice-sms"], Purpose.COMMUNICATION) == "medium"
    assert _shared_severity(components["mobile-push"], Purpose.COMMUNICATION) == "low"  # only degrades them
    assert _shared_severity(components["mobile-push"], Purpose.NOTIFICATION) == "medium"  # waking was its job


def test_a_tool_listed_twice_for_one_purpose_is_a_finding_not_a_crash(tmp_path):
    """The 'listed twice' false redundancy has no component behind it: no root cause, and the report is written."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "dup.yaml"
    plan.write_text(
        "name: Dup\nchannels:\n"
        "  - {tool: whatsapp, purpose: [communication], role: primary}\n"
        "  - {tool: whatsapp, purpose: [communication], role: backup}\n"
        "  - {tool: sms, purpose: [notification], role: primary}\n"
    )
    assessment = build_assessment(load_inputs(plan, as_of=AS_OF))
    listed_twice = [f for f in assessment.findings if f.kind.value == "false-redundancy" and not f.components]
    assert listed_twice and "WhatsApp" in listed_twice[0].message  # by name, as the reader calls it
    assert all(cause.component for cause in assessment.root_causes)


def test_the_grid_is_a_high_single_point_when_a_short_blackout_silences_the_purpose():
    """Everything fails with the grid in the end: how soon decides. The example loses notification in a 2 h blackout."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs
    from toolassess.inputs.files import EXAMPLE_PLAN

    assessment = build_assessment(load_inputs(EXAMPLE_PLAN, as_of=AS_OF))
    blackout = next(s for s in assessment.scenarios if s.id == "blackout-2h")
    assert blackout.surviving["notification"] == []
    grid = next(
        f
        for f in assessment.findings
        if f.kind == "single-point-of-failure" and f.purpose == "notification" and f.components[0] == "power-grid"
    )
    assert grid.severity == "high"
    cause = next(c for c in assessment.root_causes if c.component == "power-grid")
    assert cause.severity == "high"
    # the grid is also under internet access, which silences the two other purposes: its own line says all three
    assert cause.silences == ["communication", "notification", "public-information"]
    assert [c.component for c in assessment.root_causes].count("power-grid") == 1


def test_the_institutions_own_generator_carries_communication_not_the_people_it_calls(tmp_path):
    """A generator at the town hall keeps its own box up: the cell talks to partners who run theirs, but the staff
    it calls at home on their landlines, and the public, have no such power (OWN_SIDE_PURPOSES)."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nscope: [communication, notification]\nchannels:\n"
        "  - {tool: landline, purpose: [communication, notification], role: primary}\n"
        "backup_power:\n  - {site: town hall, hours: 72, keeps_up: [fixed-access]}\n",
        encoding="utf-8",
    )
    blackout = next(s for s in build_assessment(load_inputs(plan, as_of=AS_OF)).scenarios if s.id == "blackout-24h")
    assert blackout.surviving == {"communication": ["landline"], "notification": []}


def test_the_grid_under_internet_access_is_as_severe_as_the_purpose_it_silences_there(tmp_path):
    """The town hall's generator carries communication through a day (grid medium for it), but notification rides
    on internet access and is lost in a 2-hour blackout: the grid's root cause, which says it silences
    notification too, is high."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nscope: [communication, notification]\nchannels:\n"
        "  - {tool: landline, purpose: [communication], role: primary}\n"
        "  - {tool: mobile-voice, purpose: [communication], role: backup}\n"
        "  - {tool: teamwire, purpose: [notification], role: primary}\n"
        "backup_power:\n  - {site: town hall, hours: 72, keeps_up: [fixed-access]}\n",
        encoding="utf-8",
    )
    assessment = build_assessment(load_inputs(plan, as_of=AS_OF))
    grid = next(f for f in assessment.findings if f.components == ["power-grid"])
    assert grid.purpose == "communication" and grid.severity == "medium"
    cause = next(c for c in assessment.root_causes if c.component == "power-grid")
    assert cause.silences == ["communication", "notification"]
    assert cause.severity == "high"


def test_with_a_generator_the_exercise_and_the_scenario_table_agree_on_what_is_down(tmp_path):
    """The town hall's generator keeps the landline up for the cell, not for the staff it would wake at home: the
    landline is down for notification in the blackouts, in the scenario table and in the exercise's injects alike."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nscope: [communication, notification]\nchannels:\n"
        "  - {tool: signal, purpose: [communication], role: primary}\n"
        "  - {tool: landline, purpose: [notification], role: primary}\n"
        "backup_power:\n  - {site: town hall, hours: 72, keeps_up: [fixed-access]}\n",
        encoding="utf-8",
    )
    assessment = build_assessment(load_inputs(plan, as_of=AS_OF))
    blackout = next(s for s in assessment.scenarios if s.id == "blackout-2h")
    assert blackout.surviving == {"communication": ["signal"], "notification": []}
    assert blackout.failed_tools == ["landline"]  # down for every purpose it serves
    grid = next(case for case in assessment.exercise if case.cut_set == ["power-grid"])
    first_down = next(i for i in grid.injects if i.event.startswith("Tools down"))
    assert first_down.minute < 60 and "Fixed telephone line" in first_down.event
    assert "(the institution's own, for communication)" in grid.injects[0].event


def test_a_saturated_component_degrades_only_the_tools_that_cannot_avoid_it():
    """Voice and SMS congestion: SMS is degraded; cell broadcast, which reaches phones by radio broadcast when its
    location-based SMS path is congested, is not (Commune C's replay of Brussels 2016 showed it 'degraded')."""
    from pathlib import Path

    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = Path(__file__).parents[1] / "examples" / "portfolio" / "commune-c.yaml"
    assessment = build_assessment(load_inputs(plan, as_of=AS_OF))
    for scenario_id in ("mobile-voice-congestion", "brussels-2016-03-22"):
        outcome = next(s for s in assessment.scenarios if s.id == scenario_id)
        assert "sms" in outcome.degraded["notification"]
        assert "cell-broadcast" in outcome.surviving["public-information"]
        assert "cell-broadcast" not in outcome.degraded.get("public-information", [])


def test_a_national_service_of_another_country_is_a_channel_the_plan_does_not_have(tmp_path):
    """Belgium's ASTRID in a French plan: a high finding naming both countries; no finding without a country."""
    from toolassess.assess import build_assessment
    from toolassess.inputs.bundle import load_inputs

    plan = tmp_path / "plan.yaml"
    body = "channels:\n  - {tool: tetra-radio, purpose: [communication], role: primary}\n"
    plan.write_text("name: P\nlang: fr\ncountry: FR\n" + body, encoding="utf-8")
    found = [f for f in build_assessment(load_inputs(plan, as_of=AS_OF)).findings if f.kind == "unavailable-service"]
    assert len(found) == 1 and found[0].severity == "high" and found[0].tools == ["tetra-radio"]
    assert "Belgique" in found[0].message and "France" in found[0].message
    plan.write_text("name: P\nlang: fr\n" + body, encoding="utf-8")
    assert not [f for f in build_assessment(load_inputs(plan, as_of=AS_OF)).findings if f.kind == "unavailable-service"]
