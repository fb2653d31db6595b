"""The built-in catalogue as an auditor reads it: sources under the policy, coverage, both languages, honest dates;
and the mechanisms behind them (source kinds, evidence age, expired certificates, aliases, one-fact overrides)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from toolassess.assess import build_assessment
from toolassess.audit.compare import compare_assessments
from toolassess.errors import InputError, ToolassessError
from toolassess.inputs.bundle import load_inputs
from toolassess.inputs.cache import BUILTIN_CATALOG
from toolassess.inputs.catalog import build_catalog, load_catalog
from toolassess.inputs.files import EXAMPLE_PLAN, read_all
from toolassess.models.assessment import FactStatus
from toolassess.models.base import Localized
from toolassess.models.catalog import Catalog, resolve_tools
from toolassess.models.facts import Fact, ToolFacts
from toolassess.scoring.browse import coverage, tool_sheet
from toolassess.scoring.freshness import fact_status
from toolassess.scoring.sources import SourcePolicy, SourceRule, cited_sources, policy_violations, source_policy

AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog().catalog


# ---------------------------------------------------------------- the built-in catalogue


def test_every_source_is_classified_and_allowed(catalog):
    problems = policy_violations(catalog)
    assert not problems, f"{len(problems)} source(s) against the policy, e.g.:\n" + "\n".join(problems[:25])


def test_the_policy_check_can_fail(catalog):
    """A forbidden host, an unclassified host and a vendor cited about a competitor are each caught."""
    whatsapp = catalog.tools["whatsapp"]
    fact = Fact[bool](value=False, source="https://securityticks.example/x", checked=AS_OF)
    facts = whatsapp.facts.model_copy(update={"public_sla": fact})
    doctored = catalog.model_copy(update={"tools": {"whatsapp": whatsapp.model_copy(update={"facts": facts})}})
    assert any("unclassified source https://securityticks.example/x" in p for p in policy_violations(doctored))

    policy = SourcePolicy(
        hosts={
            "spam.example": SourceRule(kind="forbidden", why="content farm"),
            "alerting.example": SourceRule(kind="vendor", vendor_of=["mass-alerting"]),
        }
    )
    assert policy.rule_for("https://www.spam.example/a").kind == "forbidden"
    assert policy.rule_for("https://blog.alerting.example/why-not-whatsapp").vendor_of == ["mass-alerting"]
    assert policy.rule_for("Circulaire n° 6497/SG") is None


def test_vendor_sources_speak_only_for_what_the_vendor_runs(catalog):
    """Every vendor rule names what it is the vendor of, and those ids exist (a typo would excuse a competitor)."""
    known = set(catalog.tools) | set(catalog.components)
    for host, rule in source_policy().hosts.items():
        if rule.kind == "vendor":
            assert rule.vendor_of, f"{host}: a vendor rule must say what it is the vendor of"
            assert set(rule.vendor_of) <= known, f"{host}: unknown ids {set(rule.vendor_of) - known}"
        if rule.kind == "forbidden":
            assert rule.why, f"{host}: say why a source is forbidden"


# Where the research stopped short of the targets (issue 13, Dec 2026): what the public sources did not answer is
# listed in each fact's `unknown` reason (Olvid's privacy policy and terms, Tchap's current ones, the operators'
# data locations and SLAs). These figures must not get worse; a tool leaves the list when it meets its target.
CORE_SHORTFALLS = {"olvid": 11, "tchap": 5}
CATALOGUE_UNKNOWN_REACHED = 300  # applicable facts unknown over the whole catalogue, for a target of ≤ 20 %


def test_coverage_meets_the_targets_or_holds_what_was_reached(catalog):
    result = coverage(catalog)
    for tool in (t for t in result.tools if t.core):
        if tool.id in CORE_SHORTFALLS:
            assert not tool.meets_target, f"{tool.id} meets its target now: remove it from CORE_SHORTFALLS"
            assert tool.unknown <= CORE_SHORTFALLS[tool.id], f"{tool.id}: {tool.unknown}/{tool.applicable} unknown"
        else:
            assert tool.meets_target, f"{tool.id}: {tool.unknown}/{tool.applicable} unknown, target ≤ {tool.target:.0%}"
    unknown = sum(t.unknown for t in result.tools)
    assert result.catalogue_unknown_share <= result.catalogue_target or unknown <= CATALOGUE_UNKNOWN_REACHED


def test_coverage_counts_what_it_says():
    """Unknown and absent facts count, not-applicable ones leave the denominator, and the target can be missed."""
    from toolassess.models.catalog import Catalog as CatalogModel
    from toolassess.models.catalog import ToolProfile

    base = {"name": "T", "kind": "messenger", "deployment": "x", "purposes": ["communication"]}
    known = {"value": True, "source": "https://signal.org/", "checked": "2026-12-01"}
    facts = {"sso": known, "remote_wipe": {"unknown": "why"}, "admin_console": {"not_applicable": "why"}}
    tools = {
        "signal": ToolProfile.model_validate({**base, "id": "signal", "facts": facts}),
        "other": ToolProfile.model_validate({**base, "id": "other", "facts": {"sso": known}}),
    }
    result = coverage(CatalogModel(version="t", tools=tools, components={}))
    signal = next(t for t in result.tools if t.id == "signal")
    assert (signal.applicable, signal.unknown, signal.core) == (50, 49, True)
    assert (signal.primary_sources, signal.fallback_sources, signal.other_sources) == (1, 0, 0)  # signal.org: vendor
    other = next(t for t in result.tools if t.id == "other")
    assert (other.applicable, other.unknown, other.core, other.target) == (51, 50, False, 0.20)
    assert not signal.meets_target and not result.meets_targets


def _reader_texts(catalog: Catalog):
    """Every sentence the catalogue can put in a report, with where it is."""
    for tool in catalog.tools.values():
        yield f"{tool.id} deployment", tool.deployment
        for name, fact in tool.facts.recorded().items():
            for field in ("note", "unknown", "not_applicable"):
                if getattr(fact, field) is not None:
                    yield f"{tool.id} {name} {field}", getattr(fact, field)
            for item in fact.value if isinstance(fact.value, list) else []:
                if hasattr(item, "summary"):
                    yield f"{tool.id} outage {item.date}", item.summary
        for link in tool.dependency_evidence:
            if link.note is not None:
                yield f"{tool.id} evidence {link.component}", link.note
    for component in catalog.components.values():
        for incident in component.incidents:
            yield f"{component.id} incident {incident.date}", incident.summary
        for evidence in component.sources:
            if evidence.note is not None:
                yield f"{component.id} source note", evidence.note


def test_every_catalogue_sentence_is_in_french_and_english(catalog):
    english_only = [where for where, text in _reader_texts(catalog) if not isinstance(text, Localized)]
    assert not english_only, f"{len(english_only)} text(s) in one language only, e.g. {english_only[:10]}"


def test_no_date_is_invented_in_the_future(catalog):
    for tool in catalog.tools.values():
        for name, fact in tool.facts.recorded().items():
            for day in (fact.checked, fact.as_of):
                assert day is None or day <= AS_OF, f"{tool.id} {name}: {day}"


# ---------------------------------------------------------------- mechanisms


def test_staleness_runs_from_the_date_the_evidence_speaks_of():
    fresh_read_of_old_post = Fact[bool](value=True, source="https://x.example", checked=AS_OF, as_of=date(2019, 5, 1))
    assert fact_status(fresh_read_of_old_post, AS_OF) is FactStatus.STALE
    undated = Fact[bool](value=True, source="https://x.example", checked=AS_OF)
    assert fact_status(undated, AS_OF) is FactStatus.SOURCED
    with pytest.raises(ValueError, match="after 'checked'"):
        Fact[bool](value=True, source="https://x.example", checked=date(2020, 1, 1), as_of=date(2021, 1, 1))


def test_an_expired_certificate_scores_as_no_longer_held(catalog, tmp_path):
    cert = Fact[list[str]](
        value=["anssi-cspn", "iso-27001"],
        source="https://cyber.gouv.fr/",
        checked=date(2026, 1, 1),
        valid_until={"anssi-cspn": date(2026, 6, 30)},
    )
    assert cert.current(date(2026, 6, 30)).value == ["anssi-cspn", "iso-27001"]
    assert cert.current(date(2026, 7, 1)).value == ["iso-27001"]
    facts = ToolFacts(certifications=cert)
    assert facts.on(date(2026, 7, 1)).certifications.value == ["iso-27001"]
    with pytest.raises(ValueError, match="not in the fact's list"):
        Fact[list[str]](value=["a"], valid_until={"b": date(2026, 1, 1)})

    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "olvid-cert.yaml").write_text(
        "overrides: olvid\nfacts:\n  certifications:\n    value: [anssi-cspn]\n"
        "    source: https://cyber.gouv.fr/\n    checked: 2026-01-01\n    valid_until: {anssi-cspn: 2026-06-30}\n",
        encoding="utf-8",
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "name: P\nlang: en\nprofile: fr-state\ncandidates: [olvid]\nchannels:\n"
        "  - {tool: olvid, purpose: [communication], role: primary}\n",
        encoding="utf-8",
    )
    before = build_assessment(load_inputs(plan, [folder], as_of=date(2026, 6, 1)))
    after = build_assessment(load_inputs(plan, [folder], as_of=date(2026, 7, 1)))
    assert not [f for f in before.findings if f.kind == "expired-certificate"]
    expired = [f for f in after.findings if f.kind == "expired-certificate"]
    assert expired and "anssi-cspn" in expired[0].message and "Jun 30, 2026" in expired[0].message

    def certification_evidence(assessment):
        olvid = next(s for s in assessment.scores if s.tool == "olvid")
        return next(e for c in olvid.criteria for e in c.evidence if e.fact == "certifications")

    assert certification_evidence(before).value == ["anssi-cspn"]
    assert certification_evidence(after).value == []


def test_aliases_name_a_tool_and_unknown_names_get_a_suggestion(catalog, tmp_path):
    folder = tmp_path / "cat"
    folder.mkdir()
    text = (BUILTIN_CATALOG / "tools" / "cell-broadcast.yaml").read_text(encoding="utf-8")
    if "aliases:" not in text:
        text = text.replace("\nkind:", "\naliases: [xx-alert]\nkind:", 1)
    else:
        text = text.replace("aliases: [", "aliases: [xx-alert, ", 1)
    (folder / "cell-broadcast.yaml").write_text(text, encoding="utf-8")
    loaded = load_catalog([folder]).catalog
    assert resolve_tools(loaded, ["xx-alert"])[0].id == "cell-broadcast"
    with pytest.raises(ToolassessError, match="did you mean 'xx-alert'"):
        resolve_tools(loaded, ["xx-alrt"])
    assert tool_sheet(loaded, "xx-alert", AS_OF, 365).id == "cell-broadcast"

    (folder / "clash.yaml").write_text(text.replace("id: cell-broadcast", "id: other-broadcast"), encoding="utf-8")
    with pytest.raises(InputError, match="alias 'xx-alert' already names tool"):
        load_catalog([folder])


def test_a_one_fact_override_changes_that_fact_and_is_listed_everywhere(tmp_path, invoke, workdir):
    folder = workdir / "ours"
    folder.mkdir()
    (folder / "teams-sla.yaml").write_text(
        "overrides: teams\nreason: Our enterprise agreement includes the SLA.\nfacts:\n"
        "  e2ee_groups:\n    value: none\n    source: https://example.org/contract\n    checked: 2026-11-20\n",
        encoding="utf-8",
    )
    builtin = load_catalog().catalog.tools["teams"]
    merged = load_catalog([folder]).catalog
    assert merged.tools["teams"].facts.e2ee_groups.value == "none"
    assert merged.tools["teams"].facts.owner == builtin.facts.owner  # everything else is the built-in profile
    [override] = merged.overrides
    assert (override.tool, override.fact, override.line) == ("teams", "e2ee_groups", 5)
    assert override.builtin == json.loads(
        json.dumps(
            builtin.facts.e2ee_groups.model_dump(
                mode="json", include={"value", "unknown", "not_applicable", "source"}, exclude_none=True
            )
        )
    )
    assert override.value["value"] == "none" and override.file.endswith("teams-sla.yaml")

    plan = workdir / "plan.yaml"
    plan.write_text(EXAMPLE_PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    result = invoke("assess", "plan.yaml", "--catalog", "ours", "--format", "json,md", "--out", "out")
    assert result.exit_code in (0, 1), result.stderr
    [written_json] = (workdir / "out").glob("*.json")
    assessment = json.loads(written_json.read_text(encoding="utf-8"))
    assert [o["fact"] for o in assessment["inputs"]["overrides"]] == ["e2ee_groups"]
    [written_md] = (workdir / "out").glob("*.md")
    markdown = written_md.read_text(encoding="utf-8")
    assert "e2ee_groups" in markdown and "teams-sla.yaml" in markdown

    old = build_assessment(load_inputs(plan, as_of=AS_OF))
    new = build_assessment(load_inputs(plan, [folder], as_of=AS_OF))
    comparison = compare_assessments(old, new)
    assert any("different built-in facts" in w for w in comparison.warnings)
    assert [o.fact for o in comparison.new_overrides] == ["e2ee_groups"] and not comparison.old_overrides

    (folder / "bad.yaml").write_text("overrides: teamz\nfacts: {}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown tool 'teamz' \\(did you mean 'teams'"):
        load_catalog([folder])


def test_a_whole_profile_replacing_a_builtin_one_lists_the_facts_it_changes(tmp_path):
    builtin = load_catalog()
    folder = tmp_path / "cat"
    folder.mkdir()
    text = (BUILTIN_CATALOG / "tools" / "signal.yaml").read_text(encoding="utf-8")
    (folder / "signal.yaml").write_text(text, encoding="utf-8")
    assert not build_catalog([*builtin.layers, read_all([folder])]).catalog.overrides  # same facts: nothing listed
    (folder / "signal.yaml").write_text(
        "id: signal\nname: Signal\nkind: messenger\ndeployment: ours\npurposes: [communication]\nfacts: {}\n",
        encoding="utf-8",
    )
    changed = build_catalog([*builtin.layers, read_all([folder])]).catalog.overrides
    assert {o.fact for o in changed} == set(builtin.catalog.tools["signal"].facts.recorded())
    assert all(o.value is None and o.tool == "signal" for o in changed)


def test_every_cited_source_is_found(catalog):
    """The walker the policy test relies on sees facts, outages, dependency evidence and components."""
    wheres = {where.split(" ")[0] + " " + where.split(" ")[2] for _, where, _ in cited_sources(catalog)}
    assert {"tool fact", "tool outage", "tool dependency", "component incident", "component source"} <= wheres
