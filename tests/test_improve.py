"""`improve`: proposals checked by applying them and running the analysis again, and against brute force."""

from __future__ import annotations

from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from toolassess.assess import eligible_tools
from toolassess.inputs.bundle import load_inputs
from toolassess.inputs.files import EXAMPLE_PLAN
from toolassess.models.assessment import Proposal
from toolassess.models.catalog import Purpose
from toolassess.redundancy.improve import apply_proposal, available, improve_plan, weak_points

AS_OF = date(2026, 12, 1)
PORTFOLIO = sorted((Path(__file__).parents[1] / "examples" / "portfolio").glob("*.yaml"))


def improvements_of(path: Path, max_proposals: int = 5):
    inputs = load_inputs(path, as_of=AS_OF)
    found = improve_plan(
        inputs.plan, inputs.catalog, inputs.scenarios.scenarios, eligible_tools(inputs), "en", max_proposals
    )
    return inputs, found


def remaining_after(inputs, purpose: str, proposal: Proposal) -> set[str]:
    """The purpose's weak points once the proposal is applied, from a fresh analysis of the changed plan."""
    changed = apply_proposal(inputs.plan, purpose, proposal)
    points = weak_points(changed, inputs.catalog, inputs.scenarios.scenarios, "en").get(Purpose(purpose), [])
    return {p.id for p in points}


@pytest.mark.parametrize("path", [EXAMPLE_PLAN, *PORTFOLIO], ids=lambda p: p.stem)
def test_applied_proposals_remove_what_they_claim(path):
    inputs, found = improvements_of(path)
    assert found, "every example plan has weak points"
    for item in found:
        before = {p.id for p in item.weak_points}
        for proposal in item.proposals:
            after = remaining_after(inputs, item.purpose, proposal)
            assert not (set(proposal.removes) & after), (item.purpose, proposal.tools, set(proposal.removes) & after)
            # adding channels never makes a purpose weaker: no scenario newly lost, and every small cut set left was
            # one already (it contains one of the plan's own)
            assert {p for p in after if p.startswith("scenario:")} <= before
            if "cut:" in before:  # the purpose had no channel: anything is better than nothing
                continue
            old_cuts = [set(p[4:].split("+")) for p in before if p.startswith("cut:")]
            for cut in (set(p[4:].split("+")) for p in after if p.startswith("cut:")):
                assert any(old <= cut for old in old_cuts), (item.purpose, proposal.tools, cut)
            assert set(proposal.remaining) == set(item.unremovable)
        if not item.proposals:
            assert set(item.unremovable) == before or not item.candidates


def test_proposals_are_exactly_the_minimal_sets_a_brute_force_search_finds():
    """Every subset of up to three eligible tools applied to the plan and analysed from scratch: the subsets that
    remove every removable weak point, kept when minimal, are the proposals."""
    inputs, found = improvements_of(EXAMPLE_PLAN, max_proposals=10_000)
    eligible = eligible_tools(inputs)
    checked = 0
    for item in found:
        if item.purpose == "communication":
            continue  # dozens of candidates: the two other purposes keep the brute force small
        in_plan = {c.tool for c in inputs.plan.channels if Purpose(item.purpose) in c.purpose}
        candidates = [
            t
            for t, _rank in eligible[item.purpose]
            if t not in in_plan and available(inputs.catalog.tools[t].available_in, inputs.plan.country)
        ]
        removable = {p.id for p in item.weak_points} - set(item.unremovable)
        winners: list[set[str]] = []
        for size in range(1, 4):
            for chosen in combinations(candidates, size):
                if any(w <= set(chosen) for w in winners):
                    continue
                trial = Proposal(tools=list(chosen), names=list(chosen), ranks=[None] * size, removes=[], remaining=[])
                if not (remaining_after(inputs, item.purpose, trial) & removable):
                    winners.append(set(chosen))
        assert sorted(map(sorted, winners)) == sorted(sorted(p.tools) for p in item.proposals), item.purpose
        checked += 1
    assert checked == 2


def test_national_services_are_proposed_to_their_country_only(tmp_path):
    plan = tmp_path / "plan.yaml"
    base = "name: P\nlang: en\nprofile: management-team\n{country}channels:\n"
    channel = "  - {tool: whatsapp, purpose: [communication], role: primary}\n"
    proposed: dict[str, set[str]] = {}
    for country in ("", "country: BE\n", "country: FR\n"):
        plan.write_text(base.format(country=country) + channel, encoding="utf-8")
        inputs = load_inputs(plan, as_of=AS_OF)
        national = {t.id for t in inputs.catalog.tools.values() if t.available_in}
        found = improve_plan(
            inputs.plan, inputs.catalog, inputs.scenarios.scenarios, eligible_tools(inputs), "en", 10_000
        )
        tools = {t for item in found for p in item.proposals for t in p.tools}
        proposed[country] = tools & national
    assert not proposed[""]
    assert all("BE" in load_inputs(plan, as_of=AS_OF).catalog.tools[t].available_in for t in proposed["country: BE\n"])
    assert all("FR" in load_inputs(plan, as_of=AS_OF).catalog.tools[t].available_in for t in proposed["country: FR\n"])


def test_a_purpose_without_any_channel_is_a_weak_point_any_capable_tool_removes(tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nprofile: management-team\nchannels:\n"
        "  - {tool: signal, purpose: [communication, notification], role: primary}\n",
        encoding="utf-8",
    )
    _inputs, found = improvements_of(plan)
    notification = next(item for item in found if item.purpose == "notification")
    assert "cut:" in {p.id for p in notification.weak_points}  # signal cannot serve notification
    assert notification.proposals and all("cut:" in p.removes for p in notification.proposals)


def test_the_improve_command_prints_the_proposals(invoke):
    import json

    result = invoke("improve", str(EXAMPLE_PLAN), "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = {item["purpose"]: item for item in json.loads(result.stdout)}
    assert set(found) == {"communication", "notification", "public-information"}
    assert found["communication"]["proposals"][0]["tools"] == ["satellite-phone"]  # the one tool up in a blackout
    table = invoke("improve", str(EXAMPLE_PLAN), "--lang", "en")
    assert table.exit_code == 0 and "What to add" in table.stdout


@pytest.mark.parametrize("path", [EXAMPLE_PLAN, *PORTFOLIO], ids=lambda p: p.stem)
def test_after_the_first_proposals_only_what_no_tool_removes_is_still_a_high_point_of_failure(path):
    from toolassess.assess import build_assessment

    inputs, found = improvements_of(path)
    plan = inputs.plan
    for item in found:
        if item.proposals:
            plan = apply_proposal(plan, item.purpose, item.proposals[0])
    inputs.plan = plan
    after = build_assessment(inputs)
    unremovable = {
        (item.purpose, cut) for item in found for cut in item.unremovable if cut.startswith("cut:") and "+" not in cut
    }
    # the grid is high when a blackout of a day or less silences the purpose: it stays so where no tool removes
    # the purpose's blackouts (a purpose that had no channel gets its first points of failure with its first tools)
    blackouts = {
        item.purpose
        for item in found
        for point in item.unremovable
        if point.startswith("scenario:") and "blackout" in point
    }
    for finding in after.findings:
        if finding.kind == "single-point-of-failure" and finding.severity == "high" and not finding.accepted:
            if finding.components[0] == "power-grid" and finding.purpose in blackouts:
                continue
            assert (finding.purpose, f"cut:{finding.components[0]}") in unremovable, finding.message


def test_backup_power_on_site_is_proposed_where_no_tool_passes_and_applied_it_carries_the_blackouts():
    """Commune C's profile leaves no eligible tool for communication: a generator for its own box is what removes
    the blackouts, for the next whole day beyond the longest (24 h → 48 h)."""
    path = next(p for p in PORTFOLIO if p.stem == "commune-c")
    inputs, found = improvements_of(path)
    communication = next(item for item in found if item.purpose == "communication")
    assert communication.candidates == 0
    power = communication.proposals[0].power
    assert power is not None and power.hours == 48 and power.keeps_up == ["fixed-access"]
    blackouts = {p.id for p in communication.weak_points if p.id.startswith("scenario:") and "blackout" in p.id}
    assert blackouts and blackouts <= set(communication.proposals[0].removes)
    assert not blackouts & remaining_after(inputs, "communication", communication.proposals[0])
    # notification reaches people at home: the town hall's generator is never proposed for it
    assert all(p.power is None for item in found if item.purpose != "communication" for p in item.proposals)


def test_planned_autonomy_is_the_next_whole_day_beyond_the_blackout():
    from toolassess.redundancy.improve import planned_hours

    assert [planned_hours(h) for h in (2, 8, 10, 23.5, 24, 30)] == [24, 24, 24, 24, 48, 48]


def test_channels_to_test_are_listed_with_what_to_add(invoke, tmp_path):
    """A test date is a change as much as a tool: the channels never tested or not for a year close the section."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nchannels:\n"
        "  - {tool: signal, purpose: [communication], role: primary, last_tested: 2026-11-01}\n"
        "  - {tool: whatsapp, purpose: [communication], role: backup}\n"
        "  - {tool: sms, purpose: [notification], role: primary, last_tested: 2024-01-15}\n",
        encoding="utf-8",
    )
    result = invoke("improve", str(plan), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    line = " ".join(result.stdout.split("Test too", 1)[1].split())
    assert "WhatsApp" in line and "SMS" in line and "Signal" not in line
    report = invoke("assess", str(plan), "--format", "md", "--out", str(tmp_path))
    assert report.exit_code == 0, report.stderr
    text = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert (
        "**Test too (never tested, or not for over a year; a service another authority triggers: exercise the request):** WhatsApp, SMS"
        in text
    )


def test_a_channel_whose_untested_finding_is_accepted_is_not_listed_to_test(invoke, tmp_path):
    """`improve` lists the channels to test as the reports do: an accepted risk covers the untested channel."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nchannels:\n"
        "  - {tool: signal, purpose: [communication], role: primary}\n"
        "  - {tool: whatsapp, purpose: [communication], role: backup}\n"
        "accepted_risks:\n"
        "  - {finding: untested-channel, tools: [whatsapp], reason: r, accepted_by: mayor, until: 2099-12-31}\n",
        encoding="utf-8",
    )
    result = invoke("improve", str(plan), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    line = " ".join(result.stdout.split("Test too", 1)[1].split())
    assert "Signal" in line and "WhatsApp" not in line


def test_backup_power_keeps_up_only_what_it_needs(tmp_path):
    """Tchap needs only the internet box to ride the blackouts: Mattermost's server room is left out of the supply."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\ncountry: FR\nprofile: fr-state\nscope: [communication]\nchannels:\n"
        "  - {tool: tchap, purpose: [communication], role: primary}\n"
        "  - {tool: mattermost, purpose: [communication], role: backup}\n",
        encoding="utf-8",
    )
    from toolassess.models.catalog import component_ids

    inputs, found = improvements_of(plan)
    catalog = inputs.catalog
    leaves = component_ids(catalog.tools["mattermost"].depends_on)
    assert "institution-servers" in {c for leaf in leaves for c in (leaf, *catalog.closure(leaf))}
    power = next(p.power for item in found for p in item.proposals if p.power is not None)
    assert power.keeps_up == ["fixed-access"]
    for item in found:
        for proposal in item.proposals:
            assert not set(proposal.removes) & remaining_after(inputs, item.purpose, proposal)


@pytest.mark.parametrize("path", [EXAMPLE_PLAN, *PORTFOLIO], ids=lambda p: p.stem)
def test_mixed_proposals_of_power_and_tools_are_the_minimal_sets_a_brute_force_search_finds(path):
    """Communication, where backup power on site is a candidate too: every subset of up to three of (the power
    candidates, the five best eligible tools), applied and analysed from scratch, against the search's proposals."""
    from toolassess.redundancy.improve import power_candidates

    inputs = load_inputs(path, as_of=AS_OF)
    plan, catalog, scenarios = inputs.plan, inputs.catalog, inputs.scenarios.scenarios
    in_plan = {c.tool for c in plan.channels if Purpose.COMMUNICATION in c.purpose}
    eligible = {
        purpose: [
            (t, rank)
            for t, rank in tools
            if t not in in_plan and available(catalog.tools[t].available_in, plan.country)
        ][:5]
        for purpose, tools in eligible_tools(inputs).items()
    }
    found = improve_plan(plan, catalog, scenarios, eligible, "en", 10_000)
    item = next((i for i in found if i.purpose == "communication"), None)
    if item is None:
        return
    by_id = {f"scenario:{s.id}": s for s in scenarios}
    powers = power_candidates(plan, catalog, Purpose.COMMUNICATION, item.weak_points, by_id, "en")
    keys = [*(f"power:{p.hours:g}" for p in powers), *(t for t, _rank in eligible["communication"])]
    by_key = {f"power:{p.hours:g}": p for p in powers}
    removable = {p.id for p in item.weak_points} - set(item.unremovable)
    winners: list[set[str]] = []
    for size in range(1, 4):
        for chosen in combinations(keys, size):
            if sum(k.startswith("power:") for k in chosen) > 1 or any(w <= set(chosen) for w in winners):
                continue
            tools = [k for k in chosen if not k.startswith("power:")]
            power = next((by_key[k] for k in chosen if k.startswith("power:")), None)
            trial = Proposal(power=power, tools=tools, names=tools, ranks=[None] * len(tools), removes=[], remaining=[])
            if removable and not (remaining_after(inputs, "communication", trial) & removable):
                winners.append(set(chosen))
    search = [{*p.tools, *([f"power:{p.power.hours:g}"] if p.power else [])} for p in item.proposals]
    assert sorted(map(sorted, winners)) == sorted(map(sorted, search)), path.stem
