"""Builds the one Assessment object every renderer renders: inputs → scores + redundancy + fact findings."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from toolassess import __version__
from toolassess.acceptance import mark_accepted
from toolassess.browse import count_facts, dependency_text
from toolassess.exercise import build_exercise
from toolassess.freshness import DEFAULT_STALE_AFTER_DAYS, fact_status, today
from toolassess.i18n import gettext_for
from toolassess.improve import improve_plan
from toolassess.loading import (
    EXAMPLE_PLAN,
    CriteriaSet,
    LoadedCatalog,
    LoadedScenarios,
    load_catalog,
    load_criteria,
    load_plan,
    load_scenarios,
    resolve_tools,
    sha256_of,
)
from toolassess.models.assessment import (
    AcceptedRiskEntry,
    Assessment,
    ChannelEntry,
    ComponentEntry,
    DependencyEdge,
    Eligibility,
    FactStatus,
    GateOutcome,
    InputFile,
    Inputs,
    RedundancyResult,
    ScoreResult,
    ToolSheetEntry,
)
from toolassess.models.base import local
from toolassess.models.catalog import AllOf, Catalog, Dependency
from toolassess.models.findings import Finding, FindingKind, Severity
from toolassess.models.plan import Plan
from toolassess.redundancy import SEVERITY_ORDER, AnalysisTooLarge, FaultTree, analyse_redundancy, root_causes
from toolassess.scoring import score_tools
from toolassess.yamlsource import YamlDocument


@dataclass
class AssessmentInputs:
    """Everything an assessment is computed from, loaded and checked."""

    plan: Plan
    plan_doc: YamlDocument
    loaded_catalog: LoadedCatalog
    criteria: CriteriaSet
    scenarios: LoadedScenarios
    as_of: date
    stale_after_days: int

    @property
    def catalog(self) -> Catalog:
        """The merged catalogue."""
        return self.loaded_catalog.catalog

    def documents(self) -> list[YamlDocument]:
        """Every input read, in the audit trail's order: plan, catalogue layers, criteria, scenarios."""
        return [self.plan_doc, *self.loaded_catalog.files, *self.criteria.files, *self.scenarios.files]

    def files(self) -> list[Path]:
        """The user's input files behind these inputs (not the built-in ones): reports must never replace them."""
        return _user_files(self.documents())


@dataclass
class SharedInputs:
    """The inputs every plan of a run shares: catalogue, criteria, scenarios, date and staleness limit."""

    loaded_catalog: LoadedCatalog
    criteria: CriteriaSet
    scenarios: LoadedScenarios
    as_of: date
    stale_after_days: int

    def files(self) -> list[Path]:
        """The user's input files behind these inputs (not the built-in ones): reports must never replace them."""
        return _user_files([*self.loaded_catalog.files, *self.criteria.files, *self.scenarios.files])


def _user_files(docs: Sequence[YamlDocument]) -> list[Path]:
    return [Path(doc.path) for doc in docs if not doc.path.startswith("<")]


def load_shared(
    catalog_dirs: Sequence[Path] = (),
    criteria_path: Path | None = None,
    scenario_paths: Sequence[Path] = (),
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    as_of: date | None = None,
) -> SharedInputs:
    """Load and cross-check the catalogue, criteria and scenarios once."""
    loaded_catalog = load_catalog(catalog_dirs)
    criteria = load_criteria(criteria_path)
    scenarios = load_scenarios(scenario_paths, loaded_catalog.catalog)
    return SharedInputs(loaded_catalog, criteria, scenarios, as_of or today(), stale_after_days)


def inputs_for_plan(plan_path: Path, shared: SharedInputs) -> AssessmentInputs:
    """One plan, checked against the shared inputs."""
    loaded_plan = load_plan(plan_path, shared.loaded_catalog.catalog, shared.criteria)
    if plan_path.resolve() == EXAMPLE_PLAN.resolve():  # same name on every machine: same JSON everywhere
        loaded_plan.doc = replace(loaded_plan.doc, path="<builtin>/examples/exampleville.yaml")
    return AssessmentInputs(
        loaded_plan.plan,
        loaded_plan.doc,
        shared.loaded_catalog,
        shared.criteria,
        shared.scenarios,
        shared.as_of,
        shared.stale_after_days,
    )


def load_inputs(
    plan_path: Path,
    catalog_dirs: Sequence[Path] = (),
    criteria_path: Path | None = None,
    scenario_paths: Sequence[Path] = (),
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    as_of: date | None = None,
) -> AssessmentInputs:
    """Load and cross-check the plan, catalogue, criteria and scenarios."""
    return inputs_for_plan(plan_path, load_shared(catalog_dirs, criteria_path, scenario_paths, stale_after_days, as_of))


def analyse_plan_redundancy(inputs: AssessmentInputs, max_order: int = 3) -> RedundancyResult:
    """The redundancy analysis of the plan, with its accepted risks applied."""
    try:
        result = analyse_redundancy(
            inputs.plan, inputs.catalog, inputs.scenarios.scenarios, inputs.as_of, inputs.plan.lang, max_order
        )
    except AnalysisTooLarge as error:  # point at the tree in its file
        origin = inputs.loaded_catalog.origins.get(f"{error.kind}:{error.item}")
        if origin is None:
            raise
        raise origin.error(("depends_on",), error.advice) from None
    return result.model_copy(
        update={"findings": mark_accepted(result.findings, inputs.plan.accepted_risks, inputs.as_of)}
    )


def _file_entries(inputs: AssessmentInputs) -> list[InputFile]:
    def entry(doc: YamlDocument, kind: str, layer: int | None = None) -> InputFile:
        return InputFile(path=doc.recorded_path, kind=kind, sha256=hashlib.sha256(doc.raw).hexdigest(), layer=layer)

    files = [entry(inputs.plan_doc, "plan")]
    files += [entry(d, "catalog", n) for n, layer in enumerate(inputs.loaded_catalog.layers) for d in layer]
    files += [entry(d, "criteria") for d in inputs.criteria.files]
    files += [entry(d, "scenarios") for d in inputs.scenarios.files]
    return files


def fact_findings(inputs: AssessmentInputs, tool_ids: Sequence[str]) -> list[Finding]:
    """One finding per tool with stale facts and one per tool with unsourced facts."""
    _ = gettext_for(inputs.plan.lang)
    findings = []
    for tool_id in tool_ids:
        recorded = inputs.catalog.tools[tool_id].facts.recorded()
        statuses = {name: fact_status(f, inputs.as_of, inputs.stale_after_days) for name, f in recorded.items()}
        for status, kind, words in (
            (FactStatus.STALE, FindingKind.STALE_FACT, _("resting on evidence more than {days} days old")),
            (FactStatus.UNSOURCED, FindingKind.UNSOURCED_FACT, _("recorded without a source")),
        ):
            names = sorted(name for name, s in statuses.items() if s is status)
            if names:
                findings.append(
                    Finding(
                        kind=kind,
                        severity=Severity.LOW,
                        tools=[tool_id],
                        message=_("{tool}: {count} fact(s) {what}: {facts}.").format(
                            tool=tool_id,
                            count=len(names),
                            what=words.format(days=inputs.stale_after_days),
                            facts=", ".join(names),
                        ),
                    )
                )
        for name, fact in recorded.items():
            expired = fact.expired_items(inputs.as_of)
            if expired:
                findings.append(
                    Finding(
                        kind=FindingKind.EXPIRED_CERTIFICATE,
                        severity=Severity.MEDIUM,
                        tools=[tool_id],
                        message=_("{tool}: {items} ({fact}) expired on {until}; scored as no longer held.").format(
                            tool=tool_id,
                            items=", ".join(expired),
                            fact=name,
                            until=", ".join(fact.valid_until[item].isoformat() for item in expired),
                        ),
                    )
                )
    return findings


def device_findings(inputs: AssessmentInputs) -> list[Finding]:
    """Channels on staff's own phones, where the tool's facts make that matter.

    A private number to give, or an institution that cannot erase the app's data when a phone is lost or someone
    leaves. Managed or unstated devices give no finding (unknown is not failure).
    """
    _ = gettext_for(inputs.plan.lang)
    findings = []
    for channel in inputs.plan.channels:
        if channel.device != "personal":
            continue
        facts = inputs.catalog.tools[channel.tool].facts
        reasons = []
        if facts.identifier_required is not None and facts.identifier_required.value == "phone-number":
            reasons.append(_("staff must use their private phone number"))
        if facts.remote_wipe is not None and facts.remote_wipe.value is False:
            reasons.append(_("the institution cannot erase its data from a lost phone or a leaver's"))
        if reasons:
            findings.append(
                Finding(
                    kind=FindingKind.PERSONAL_DEVICE,
                    severity=Severity.MEDIUM,
                    tools=[channel.tool],
                    message=_("{tool} runs on staff's own phones: {reasons}.").format(
                        tool=channel.tool, reasons="; ".join(reasons)
                    ),
                )
            )
    return findings


def as_of_findings(inputs: AssessmentInputs, tool_ids: Sequence[str]) -> list[Finding]:
    """One warning when the assessment is dated before evidence it uses (SOURCE_DATE_EPOCH in the past).

    The catalogue then describes the tools as they were later, not on the assessment's date.
    """
    _ = gettext_for(inputs.plan.lang)
    later = [
        fact.evidence_date
        for tool_id in tool_ids
        for fact in inputs.catalog.tools[tool_id].facts.recorded().values()
        if fact.evidence_date is not None and fact.evidence_date > inputs.as_of
    ]
    if not later:
        return []
    return [
        Finding(
            kind=FindingKind.EVIDENCE_AFTER_DATE,
            severity=Severity.MEDIUM,
            message=_(
                "The assessment is dated {date}, but {count} fact(s) it uses rest on later evidence (up to {latest}): "
                "the catalogue describes these tools as they were then, not on {date}."
            ).format(date=inputs.as_of.isoformat(), count=len(later), latest=max(later).isoformat()),
        )
    ]


def gate_findings(scores: ScoreResult, inputs: AssessmentInputs) -> list[Finding]:
    """A finding per gate a tool fails (accepted ones marked), and per gate the catalogue cannot decide.

    A gate on an unknown fact is never a failure: it is "to verify", with the facts to ask the vendor about.
    A gate checked for several purposes gives one finding.
    """
    _ = gettext_for(inputs.plan.lang)
    lang = inputs.plan.lang
    profile = inputs.criteria.profile(inputs.plan.profile)
    gates = {gate.criterion: gate for gate in profile.gates}
    titles = {criterion.id: criterion.title.get(lang) for _area, criterion in inputs.criteria.criteria()}
    findings = []
    for score in scores.scores:
        checks = {
            (check.criterion, check.outcome): check
            for entry in score.purposes
            for check in entry.gates
            if check.outcome in (GateOutcome.FAILED, GateOutcome.ACCEPTED, GateOutcome.TO_VERIFY)
        }
        for (criterion_id, outcome), check in checks.items():
            gate = gates[criterion_id]
            result = next(c for c in score.criteria if c.id == criterion_id)
            if outcome is GateOutcome.TO_VERIFY:
                findings.append(
                    Finding(
                        kind=FindingKind.GATE_TO_VERIFY,
                        severity=Severity.MEDIUM if gate.action == "exclude" else Severity.LOW,
                        tools=[score.tool],
                        message=_(
                            "{tool}: the gate {criterion} of profile {profile} cannot be checked — the catalogue "
                            "does not know {facts}. To verify with the vendor before relying on it: {question}."
                        ).format(
                            tool=score.tool,
                            criterion=criterion_id,
                            profile=profile.id,
                            facts=", ".join(check.ask),
                            question=titles.get(criterion_id, criterion_id),
                        ),
                    )
                )
                continue
            action = _("excluded") if gate.action == "exclude" else _("warning")
            findings.append(
                Finding(
                    kind=FindingKind.GATE_FAILED,
                    severity=Severity.HIGH if gate.action == "exclude" else Severity.MEDIUM,
                    tools=[score.tool],
                    accepted=outcome is GateOutcome.ACCEPTED,
                    message=_(
                        "{tool} fails the gate {criterion} of profile {profile} ({action}): {explanation} "
                        "(needs {needed}, has {score}). {reason}."
                    ).format(
                        tool=score.tool,
                        criterion=criterion_id,
                        profile=profile.id,
                        action=action,
                        explanation=result.explanation,
                        needed=gate.min_score,
                        score=f"{result.score:g}"
                        if result.score is not None
                        else f"≤ {max(result.possible, default=0):g}",
                        reason=_sentence(gate.reason.get(lang)),
                    ),
                )
            )
    return findings


def dependency_edges(catalog: Catalog, tool_ids: Sequence[str]) -> list[DependencyEdge]:
    """Edges of the fault trees below the given tools, each once, tools first then components (sorted)."""
    edges: dict[tuple[str, str], bool] = {}
    pending = list(tool_ids)
    seen: set[str] = set()

    def walk(owner: str, dependency: Dependency | None, alternative: bool) -> None:
        if dependency is None:
            return
        if isinstance(dependency, str):
            edges[(owner, dependency)] = edges.get((owner, dependency), True) and alternative
            pending.append(dependency)
            return
        is_any = not isinstance(dependency, AllOf)
        for branch in dependency.all if isinstance(dependency, AllOf) else dependency.any:
            walk(owner, branch, alternative or is_any)

    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        tree = (
            catalog.tools[node].depends_on
            if node in catalog.tools and node in tool_ids
            else catalog.components[node].depends_on
        )
        walk(node, tree, False)
    return [DependencyEdge(source=s, target=t, alternative=alt) for (s, t), alt in sorted(edges.items())]


def _sentence(text: str) -> str:
    """A reason written in lower case, as the start of a sentence."""
    return text[:1].upper() + text[1:]


def build_assessment(inputs: AssessmentInputs, max_order: int = 3) -> Assessment:
    """The one Assessment: scores of the candidates, redundancy of the plan, and fact/gate findings."""
    plan, catalog, lang = inputs.plan, inputs.catalog, inputs.plan.lang
    _ = gettext_for(lang)
    profile = inputs.criteria.profile(plan.profile)
    candidates = plan.candidate_tools()
    scores = score_tools(
        resolve_tools(catalog, candidates),
        inputs.criteria,
        profile,
        lang=lang,
        as_of=inputs.as_of,
        stale_after_days=inputs.stale_after_days,
        accepted_risks=plan.accepted_risks,
    )
    redundancy = analyse_plan_redundancy(inputs, max_order)
    plan_tools = list(dict.fromkeys([*(c.tool for c in plan.channels), *candidates]))
    findings = [
        *redundancy.findings,
        *mark_accepted(gate_findings(scores, inputs), plan.accepted_risks, inputs.as_of),
        *mark_accepted(fact_findings(inputs, plan_tools), plan.accepted_risks, inputs.as_of),
        *as_of_findings(inputs, plan_tools),
        *mark_accepted(device_findings(inputs), plan.accepted_risks, inputs.as_of),
    ]
    findings.sort(key=lambda f: (f.accepted, SEVERITY_ORDER[f.severity]))

    edges = dependency_edges(catalog, plan_tools)
    named_components = sorted(
        {c for f in findings for c in f.components}
        | {c for s in redundancy.scenarios for c in s.failed_components}
        | {c for sets in redundancy.cut_sets.values() for cut in sets for c in cut}
        | {e.target for e in edges}
    )
    tools = {}
    for tool_id in plan_tools:
        tool = catalog.tools[tool_id]
        counts = count_facts(tool, inputs.as_of, inputs.stale_after_days)
        tools[tool_id] = ToolSheetEntry(
            name=local(tool.name, lang),
            kind=tool.kind,
            deployment=local(tool.deployment, lang),
            depends_on=dependency_text(tool.depends_on, (_("AND"), _("OR"))),
            facts_sourced=counts.sourced,
            facts_stale=counts.stale,
            facts_unsourced=counts.unsourced,
            facts_unknown=counts.unknown + counts.not_recorded,
            facts_not_applicable=counts.not_applicable,
        )
    return Assessment(
        plan=plan.name,
        organisation=plan.organisation,
        lang=lang,
        profile=profile.id,
        profile_title=profile.title.get(lang),
        assessed_on=inputs.as_of,
        inputs=Inputs(
            files=_file_entries(inputs),
            catalog_version=catalog.version,
            criteria_sha256=sha256_of(inputs.criteria.files),
            tool_version=__version__,
            stale_after_days=inputs.stale_after_days,
            max_order=max_order,
            overrides=catalog.overrides,
        ),
        channels=[
            ChannelEntry(
                tool=c.tool, purpose=[p.value for p in c.purpose], role=c.role, last_tested=c.last_tested, note=c.note
            )
            for c in plan.channels
        ],
        accepted_risks=[
            AcceptedRiskEntry(
                what=r.criterion or (r.finding.value if r.finding else ""),
                tools=r.tools,
                reason=r.reason,
                accepted_by=r.accepted_by,
                until=r.until,
                expired=r.until < inputs.as_of,
            )
            for r in plan.accepted_risks
        ],
        scores=scores.scores,
        rankings=scores.rankings,
        findings=findings,
        root_causes=root_causes(findings, FaultTree(catalog, max_order), lang),
        cut_sets=redundancy.cut_sets,
        scenarios=redundancy.scenarios,
        exercise=build_exercise(plan, catalog, redundancy),
        improvements=improve_plan(plan, catalog, inputs.scenarios.scenarios, eligible_tools(inputs), lang),
        tools=tools,
        components={
            c: ComponentEntry(name=local(catalog.components[c].name, lang), kind=catalog.components[c].kind)
            for c in named_components
        },
        dependency_edges=edges,
        areas={a.area: a.title.get(lang) for a in inputs.criteria.areas},
        criteria_titles={c.id: c.title.get(lang) for _, c in inputs.criteria.criteria()},
    )


def input_attachments(
    inputs: AssessmentInputs, assessment_json: bytes, audience: str = "planner", template_dir: Path | None = None
) -> list[tuple[str, bytes]]:
    """The files to embed in an archival PDF (see archive.py): every input, how it was rendered, and the JSON."""
    from toolassess.archive import archival_attachments, template_files

    return archival_attachments(
        [(doc.recorded_path, doc.raw) for doc in inputs.documents()],
        assessment_json,
        audience,
        template_files(template_dir),
    )


def eligible_tools(inputs: AssessmentInputs) -> dict[str, list[tuple[str, int | None]]]:
    """Per purpose: the catalogue's tools that serve it and pass the plan's profile for it, best ranked first.

    What `improve` may propose: every catalogue tool is scored under the plan's profile (without the robustness
    draws, which only the plan's own candidates need).
    """
    profile = inputs.criteria.profile(inputs.plan.profile)
    result = score_tools(
        list(inputs.catalog.tools.values()),
        inputs.criteria,
        profile,
        lang=inputs.plan.lang,
        as_of=inputs.as_of,
        stale_after_days=inputs.stale_after_days,
        accepted_risks=inputs.plan.accepted_risks,
        robustness_samples=0,
    )
    by_tool = {s.tool: s for s in result.scores}
    eligible: dict[str, list[tuple[str, int | None]]] = {}
    for ranking in result.rankings:
        for tool_id in ranking.ranked:
            entry = by_tool[tool_id].for_purpose(ranking.purpose)
            if entry is not None and entry.status is Eligibility.ELIGIBLE:
                eligible.setdefault(ranking.purpose, []).append((tool_id, entry.rank))
    return eligible
