"""Plans and scenario files → checked models, every cross-reference located as FILE:LINE:COL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from toolassess.inputs.files import InputKind, builtin_documents, detect_kind, read_all
from toolassess.inputs.yamlsource import YamlDocument, read_yaml
from toolassess.models.base import did_you_mean
from toolassess.models.catalog import Catalog
from toolassess.models.criteria import CriteriaSet
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario, ScenariosFile


@dataclass
class LoadedPlan:
    """A checked plan and the file it came from."""

    plan: Plan
    doc: YamlDocument


def check_plan(doc: YamlDocument, catalog: Catalog, criteria: CriteriaSet) -> LoadedPlan:
    """Validate a plan document and every id it names; tools named by an alias (`fr-alert`) get their id."""
    plan: Plan = doc.validate(Plan)

    def tool_id(name: str, loc: tuple[int | str, ...]) -> str:
        found = catalog.tool_id(name)
        if found is None:
            choices = [*catalog.tools, *catalog.aliases]
            raise doc.error(loc, f"unknown tool '{name}'{did_you_mean(name, choices)} (see: toolassess tools list)")
        return found

    channels = [
        channel.model_copy(update={"tool": tool_id(channel.tool, ("channels", index, "tool"))})
        for index, channel in enumerate(plan.channels)
    ]
    candidates = (
        None
        if plan.candidates is None
        else [tool_id(name, ("candidates", index)) for index, name in enumerate(plan.candidates)]
    )
    if plan.profile not in criteria.profiles:
        raise doc.error(
            ("profile",), f"unknown profile '{plan.profile}'{did_you_mean(plan.profile, criteria.profiles)}"
        )
    partners = [
        partner.model_copy(
            update={"tools": [tool_id(t, ("partners", index, "tools", n)) for n, t in enumerate(partner.tools)]}
        )
        for index, partner in enumerate(plan.partners)
    ]
    for index, supply in enumerate(plan.backup_power):
        for position, component_id in enumerate(supply.keeps_up):
            if component_id not in catalog.components:
                raise doc.error(
                    ("backup_power", index, "keeps_up", position),
                    f"unknown component '{component_id}'{did_you_mean(component_id, catalog.components)}",
                )
    procedure_ids = [procedure.id for procedure in plan.procedures]
    for index, procedure_id in enumerate(procedure_ids):
        if procedure_id in procedure_ids[:index]:
            raise doc.error(("procedures", index, "id"), f"duplicate procedure id '{procedure_id}'")
    criterion_ids = {c.id for _, c in criteria.criteria()}
    risks = []
    for index, risk in enumerate(plan.accepted_risks):
        if risk.criterion is not None and risk.criterion not in criterion_ids:
            raise doc.error(
                ("accepted_risks", index, "criterion"),
                f"unknown criterion '{risk.criterion}'{did_you_mean(risk.criterion, criterion_ids)}",
            )
        tools = [tool_id(name, ("accepted_risks", index, "tools", n)) for n, name in enumerate(risk.tools)]
        risks.append(risk.model_copy(update={"tools": tools}))
    plan = plan.model_copy(
        update={"channels": channels, "candidates": candidates, "accepted_risks": risks, "partners": partners}
    )
    return LoadedPlan(plan, doc)


def load_plan(path: Path, catalog: Catalog, criteria: CriteriaSet) -> LoadedPlan:
    """Read and check one plan file."""
    return check_plan(read_yaml(path), catalog, criteria)


@dataclass
class LoadedScenarios:
    """Built-in scenarios plus the user's, checked against the catalogue."""

    scenarios: list[Scenario]
    files: list[YamlDocument]


def check_scenarios(docs: Sequence[YamlDocument], catalog: Catalog) -> LoadedScenarios:
    """Scenario files → scenarios; ids unique (a user's scenario replaces a built-in one of the same id)."""
    by_id: dict[str, Scenario] = {}
    for doc in docs:
        if detect_kind(doc) is not InputKind.SCENARIOS:
            raise doc.error((), "expected a scenarios file (scenarios: [...])")
        seen: set[str] = set()
        for index, scenario in enumerate(doc.validate(ScenariosFile).scenarios):
            if scenario.id in seen:
                raise doc.error(("scenarios", index, "id"), f"duplicate scenario id '{scenario.id}'")
            seen.add(scenario.id)
            for field_name in ("fails", "saturates"):
                for position, component_id in enumerate(getattr(scenario, field_name)):
                    if component_id not in catalog.components:
                        raise doc.error(
                            ("scenarios", index, field_name, position),
                            f"unknown component '{component_id}'{did_you_mean(component_id, catalog.components)}",
                        )
            replay = scenario.replays
            if replay is not None:
                component = catalog.components.get(replay.component)
                if component is None or not any(i.date == replay.date for i in component.incidents):
                    raise doc.error(
                        ("scenarios", index, "replays"),
                        f"no incident of '{replay.component}' on {replay.date} in the catalogue",
                    )
            by_id[scenario.id] = scenario
    return LoadedScenarios(list(by_id.values()), list(docs))


def load_scenarios(extra: Sequence[Path], catalog: Catalog) -> LoadedScenarios:
    """The built-in scenarios, then the user's files."""
    return check_scenarios([*builtin_documents("scenarios"), *read_all(extra)], catalog)
