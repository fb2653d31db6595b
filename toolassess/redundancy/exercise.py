"""Tabletop exercise: the worst cut sets of a plan turned into timed injects a crisis cell can play."""

from __future__ import annotations

from babel.numbers import format_decimal

from toolassess.findings.redundancy import PURPOSE_WORDS
from toolassess.i18n import gettext_for, semicolon
from toolassess.models.assessment import ExerciseCase, Inject
from toolassess.models.base import local
from toolassess.models.catalog import Catalog, component_ids
from toolassess.models.plan import Plan
from toolassess.models.scenarios import Scenario
from toolassess.redundancy.faulttree import FaultTree, channels_by_purpose
from toolassess.redundancy.scenarios import run_scenario

MINUTES_BETWEEN_FAILURES = 20
MIN_HOURS = 0.01
"""The first moments of a blackout: only what has no backup power at all is down."""
"""A second failure lands while the cell is still adapting to the first."""


def build_exercise(
    plan: Plan, catalog: Catalog, cut_sets: dict[str, list[list[str]]], lang: str | None = None, cases: int = 5
) -> list[ExerciseCase]:
    """The `cases` worst cut sets (smallest first, then those taking down most purposes) as exercise cases."""
    candidates: dict[tuple[str, ...], set[str]] = {}
    for purpose, purpose_cut_sets in cut_sets.items():
        for cut_set in purpose_cut_sets:
            candidates.setdefault(tuple(cut_set), set()).add(purpose)
    ranked = sorted(candidates.items(), key=lambda item: (len(item[0]), -len(item[1]), item[0]))
    lang = lang or plan.lang
    _ = gettext_for(lang)
    exercise = []
    autonomy = _autonomies(plan, catalog)
    serving = {p.value: tools for p, tools in channels_by_purpose(plan, catalog).items()}
    number = 0
    for members, lost in ranked:
        if number == cases:
            break
        cut_set = list(members)
        # The grid in a cut set is a blackout that outlasts every battery and generator the plan relies on: played
        # as such, the case agrees with the scenario table (a network on 8 h of battery goes down at T+8 h, not
        # at the grid's inject).
        blackout = max(autonomy.values(), default=0.0) if "power-grid" in cut_set else None
        scenario = Scenario.what_if([c for c in cut_set if c != "power-grid" or not blackout], blackout or None)
        outcome = run_scenario(plan, catalog, scenario, lang)
        if not outcome.failed_tools:  # it only degrades channels (push): nothing for the cell to switch
            continue
        number += 1
        injects = []
        for step, component_id in enumerate(cut_set):
            component = catalog.components[component_id]
            event = _("{name} fails.").format(name=local(component.name, lang))
            if component_id == "power-grid" and blackout:
                own = plan.backup_hours()
                held = semicolon(lang).join(
                    f"{local(catalog.components[c].name, lang)} {format_decimal(hours, locale=lang)} h"
                    # the institution's own supply carries communication only (see redundancy.scenarios)
                    + (" " + _("(the institution's own, for communication)") if own.get(c, 0.0) >= hours else "")
                    for c, hours in sorted(autonomy.items(), key=lambda i: (-i[1], i[0]))
                )
                event += " " + _("On batteries and generators: {held}.").format(held=held)
                assumed = _unknown_autonomy(plan, catalog)
                if assumed:
                    event += " " + _("No backup power documented, so assumed none: {names}.").format(
                        names=semicolon(lang).join(local(catalog.components[c].name, lang) for c in assumed)
                    )
            injects.append(
                Inject(
                    minute=step * MINUTES_BETWEEN_FAILURES,
                    event=event,
                    expected_action=_("Notice it, tell the cell, and check which channels still work."),
                )
            )
        final_minute = len(cut_set) * MINUTES_BETWEEN_FAILURES
        if blackout:
            # as batteries run out, one inject each time more tools go down (hours as the scenario table counts them)
            grid_minute = cut_set.index("power-grid") * MINUTES_BETWEEN_FAILURES
            others = [c for c in cut_set if c != "power-grid"]
            seen: tuple[list[str], list[str]] = ([], [])
            for hours in sorted({MIN_HOURS, *autonomy.values()}):
                moment = scenario.model_copy(update={"fails": others, "power_outage_hours": hours})
                down_now = run_scenario(plan, catalog, moment, lang)
                # a new inject when more tools go down, or when a purpose loses its last channel (a tool kept for
                # communication by the institution's generator may stop serving notification meanwhile)
                state = (down_now.failed_tools, sorted(p for p, tools in down_now.surviving.items() if not tools))
                if state != seen:
                    seen = state
                    final_minute = max(final_minute, grid_minute + round(hours * 60))
                    injects.append(
                        Inject(
                            minute=final_minute,
                            event=_("Tools down: {tools}.").format(
                                tools=_names(catalog, down_now.failed_tools, lang) or _("none of the plan's tools")
                            ),
                            expected_action=_action(catalog, down_now.surviving, down_now.fallback, lang, serving),
                        )
                    )
        else:
            down = _names(catalog, outcome.failed_tools, lang) or _("none of the plan's tools")
            injects.append(
                Inject(
                    minute=final_minute,
                    event=_("Tools down: {tools}.").format(tools=down),
                    expected_action=_action(catalog, outcome.surviving, outcome.fallback, lang, serving),
                )
            )
        injects.append(
            Inject(
                minute=final_minute + 30,
                event=_(
                    "Roll call: the head of the crisis cell asks every member to confirm they are reachable, on the "
                    "channels left or at the rally point."
                ),
                expected_action=_("Log who answered, on which channel and how fast; note who could not be reached."),
            )
        )
        exercise.append(
            ExerciseCase(
                title=_("Case {number}: {components}").format(
                    number=number, components=" + ".join(local(catalog.components[c].name, lang) for c in cut_set)
                ),
                cut_set=cut_set,
                lost_purposes=sorted(lost),
                injects=injects,
            )
        )
    return exercise


def _reached(plan: Plan, catalog: Catalog) -> set[str]:
    """Every component the plan's tools depend on, directly or not."""
    tree = FaultTree(catalog, 1)
    leaves = {c for channel in plan.channels for c in component_ids(catalog.tools[channel.tool].depends_on)}
    return leaves.union(*(tree.closure(c) for c in leaves))


def _autonomies(plan: Plan, catalog: Catalog) -> dict[str, float]:
    """Hours of backup power of each component the plan's tools depend on (its own, or the plan's generator)."""
    local_backup = plan.backup_hours()
    hours = {
        c: max(catalog.components[c].backup_power_hours or 0.0, local_backup.get(c, 0.0))
        for c in _reached(plan, catalog)
    }
    return {c: h for c, h in hours.items() if h > 0}


def _unknown_autonomy(plan: Plan, catalog: Catalog) -> list[str]:
    """Components the plan's tools reach that run on the grid with no documented backup power.

    The catalogue assumes none: a conservative choice the reader must see, not a fact.
    """
    local_backup = plan.backup_hours()
    return sorted(
        c
        for c in _reached(plan, catalog)
        if "power-grid" in component_ids(catalog.components[c].depends_on)
        and catalog.components[c].backup_power_hours is None
        and c not in local_backup
    )


def _names(catalog: Catalog, tool_ids: list[str], lang: str) -> str:
    """Tools as a crisis cell calls them (their names, not catalogue ids)."""
    return ", ".join(catalog.tool_name(t, lang) for t in tool_ids)


def _action(
    catalog: Catalog,
    surviving: dict[str, list[str]],
    fallback: dict[str, list[str]],
    lang: str,
    serving: dict[str, list[str]] | None = None,
) -> str:
    """What the cell does for each purpose that lost a channel: switch to those left, or fall back to a procedure.

    `serving`: the plan's channels per purpose (a purpose that lost none is left out).
    """
    _ = gettext_for(lang)
    parts = []
    stranded = []  # no channel and no procedure of the plan: one sentence for all of them
    for purpose, tools in surviving.items():
        if serving is not None and set(tools) == set(serving.get(purpose, [])):
            continue  # nothing lost for this purpose: nothing to switch
        words = _(PURPOSE_WORDS[purpose])
        if tools:
            parts.append(_("switch {purpose} to {tools}").format(purpose=words, tools=_names(catalog, tools, lang)))
        elif fallback.get(purpose):
            parts.append(
                _("no channel left for {purpose}: apply the plan's procedure {procedures}").format(
                    purpose=words, procedures=", ".join(fallback[purpose])
                )
            )
        else:
            stranded.append(words)
    if len(stranded) == 1:
        parts.append(
            _("no channel left for {purpose}: use the degraded-mode procedure (runners, meeting point, radio)").format(
                purpose=stranded[0]
            )
        )
    elif stranded:
        parts.append(
            _(
                "no channel left for any of {purposes}: use the degraded-mode procedure (runners, meeting point, radio)"
            ).format(purposes=", ".join(stranded))
        )
    if not parts:
        return _("Nothing to switch yet: every purpose keeps its channels.")
    text = semicolon(lang).join(parts)
    return text[:1].upper() + text[1:] + "."
