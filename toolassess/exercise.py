"""Tabletop exercise: the worst cut sets of a plan turned into timed injects a crisis cell can play."""

from __future__ import annotations

from pydantic import Field

from toolassess.i18n import gettext_for
from toolassess.models.assessment import RedundancyResult
from toolassess.models.base import Model, local
from toolassess.models.catalog import Catalog
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy import PURPOSE_WORDS, run_scenario

MINUTES_BETWEEN_FAILURES = 20
"""A second failure lands while the cell is still adapting to the first."""


class Inject(Model):
    """One timed event of an exercise and what the cell is expected to do."""

    minute: int = Field(description="minutes after the start of the exercise")
    event: str
    expected_action: str


class ExerciseCase(Model):
    """One cut set played as a sequence of injects."""

    title: str
    cut_set: list[str]
    lost_purposes: list[str]
    injects: list[Inject]


def build_exercise(plan: Plan, catalog: Catalog, result: RedundancyResult, cases: int = 5) -> list[ExerciseCase]:
    """The `cases` worst cut sets (smallest first, then those taking down most purposes) as exercise cases."""
    candidates: dict[tuple[str, ...], set[str]] = {}
    for purpose, cut_sets in result.cut_sets.items():
        for cut_set in cut_sets:
            candidates.setdefault(tuple(cut_set), set()).add(purpose)
    ranked = sorted(candidates.items(), key=lambda item: (len(item[0]), -len(item[1]), item[0]))[:cases]
    _ = gettext_for(plan.lang)
    exercise = []
    for number, (members, lost) in enumerate(ranked, start=1):
        cut_set = list(members)
        scenario = Scenario.model_validate(
            {"id": f"exercise-{number}", "kind": "generic", "title": {"en": "x", "fr": "x"}, "fails": list(cut_set)}
        )
        outcome = run_scenario(plan, catalog, scenario, plan.lang)
        injects = []
        for step, component_id in enumerate(cut_set):
            component = catalog.components[component_id]
            injects.append(
                Inject(
                    minute=step * MINUTES_BETWEEN_FAILURES,
                    event=_("{name} ({component}) fails.").format(
                        name=local(component.name, plan.lang), component=component_id
                    ),
                    expected_action=_("Notice it, tell the cell, and check which channels still work."),
                )
            )
        final_minute = len(cut_set) * MINUTES_BETWEEN_FAILURES
        down = ", ".join(outcome.failed_tools) or _("none of the plan's tools")
        injects.append(
            Inject(
                minute=final_minute,
                event=_("Tools down: {tools}.").format(tools=down),
                expected_action=_action(outcome.surviving, plan.lang),
            )
        )
        injects.append(
            Inject(
                minute=final_minute + 30,
                event=_("Roll call: the director asks every member of the cell to confirm they are reachable."),
                expected_action=_("Log who answered, on which channel and how fast; note who could not be reached."),
            )
        )
        exercise.append(
            ExerciseCase(
                title=_("Case {number}: {components}").format(
                    number=number, components=" + ".join(local(catalog.components[c].name, plan.lang) for c in cut_set)
                ),
                cut_set=cut_set,
                lost_purposes=sorted(lost),
                injects=injects,
            )
        )
    return exercise


def _action(surviving: dict[str, list[str]], lang: str) -> str:
    _ = gettext_for(lang)
    parts = []
    for purpose, tools in surviving.items():
        words = _(PURPOSE_WORDS[purpose])
        if tools:
            parts.append(_("switch {purpose} to {tools}").format(purpose=words, tools=", ".join(tools)))
        else:
            parts.append(
                _(
                    "no channel left for {purpose}: use the degraded-mode procedure (runners, meeting point, radio)"
                ).format(purpose=words)
            )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
