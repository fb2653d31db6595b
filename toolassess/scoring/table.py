"""The score table: what every criterion concluded for every tool, as arrays (tools × criteria).

A criterion's outcome depends only on the values of the facts it reads, so each fact's values are coded as
integers once, each criterion groups the tools by the codes it reads (numpy), and each distinct group is evaluated
once. The table keeps an index into those outcomes per cell, not 200,000 result objects: `criterion_scores` builds a
tool's results when a report shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from numpy.typing import NDArray

from toolassess.i18n import gettext_for
from toolassess.models.assessment import CriterionScore, CriterionVerdict, EvidenceItem, FactStatus
from toolassess.models.base import Lang
from toolassess.models.catalog import Purpose, ToolProfile
from toolassess.models.facts import ToolFacts
from toolassess.models.plan import AcceptedRisk
from toolassess.scoring.criteria import CompiledCriterion, FactView, Outcome, as_json, frozen, level_outcome
from toolassess.scoring.freshness import fact_status
from toolassess.scoring.sources import source_kind

_NOT_APPLICABLE = object()  # stands for a not-applicable fact in outcome signatures (an unknown one is None)
_VERDICTS = list(CriterionVerdict)


class Evidence:
    """What the catalogue says of each fact of each tool, built when first asked (a report shows few tools)."""

    def __init__(self, facts: Sequence[ToolFacts], as_of: date, stale_after_days: int) -> None:
        self.facts, self.as_of, self.stale_after_days = facts, as_of, stale_after_days
        self._items: dict[tuple[int, str], EvidenceItem] = {}

    def item(self, tool: int, name: str) -> EvidenceItem:
        """One fact of one tool, with its source, dates and trust status."""
        key = (tool, name)
        if key not in self._items:
            fact = getattr(self.facts[tool], name)
            self._items[key] = EvidenceItem(
                fact=name,
                # As it reads in the JSON (outages as mappings, dates as ISO text): the live Assessment and one read
                # back from its JSON render the same report, byte for byte (verify relies on it).
                value=None if fact is None else as_json(fact.value),
                source=None if fact is None else fact.source,
                source_kind=None if fact is None else source_kind(fact.source),
                checked=None if fact is None else fact.checked,
                as_of=None if fact is None else fact.as_of,
                status=fact_status(fact, self.as_of, self.stale_after_days),
            )
        return self._items[key]


@dataclass
class ScoreTable:
    """Tools × criteria: each cell an index into `outcomes`, with the scores and weights as arrays."""

    tools: list[ToolProfile]
    compiled: list[CompiledCriterion]
    outcomes: list[Outcome]
    outcome_of: NDArray[np.intp]  # tools × criteria → index into outcomes
    scores: NDArray[np.float64]  # the level's score, NaN when not met at a level (unknown or not applicable)
    weights: NDArray[np.float64]  # the effective weight, 0 where the criterion does not apply
    verdicts: NDArray[np.intp]  # index into CriterionVerdict
    accepted: NDArray[np.bool_]  # an accepted risk covers the tool's result on the criterion
    evidence: Evidence

    def is_verdict(self, verdict: CriterionVerdict) -> NDArray[np.bool_]:
        """Cells with this verdict."""
        cells: NDArray[np.bool_] = self.verdicts == _VERDICTS.index(verdict)
        return cells

    def criterion_scores(self, tool: int) -> list[CriterionScore]:
        """One tool's result on every criterion, with the evidence it rests on."""
        results = []
        for c, entry in enumerate(self.compiled):
            score, verdict, explanation, ask, possible = self.outcomes[self.outcome_of[tool, c]]
            results.append(
                CriterionScore(
                    id=entry.criterion.id,
                    area=entry.area,
                    score=score,
                    max=100.0,
                    weight=float(self.weights[tool, c]),
                    verdict=verdict,
                    explanation=explanation,
                    evidence=[self.evidence.item(tool, name) for name in entry.reads],
                    unknown_facts=list(ask),
                    possible=list(possible),
                    accepted=bool(self.accepted[tool, c]),
                )
            )
        return results


def build_table(
    tools: Sequence[ToolProfile],
    compiled: Sequence[CompiledCriterion],
    lang: Lang,
    as_of: date,
    stale_after_days: int,
    accepted_risks: Sequence[AcceptedRisk] = (),
) -> ScoreTable:
    """Evaluate every criterion for every tool: the first level whose rule holds; unknown or not applicable."""
    _ = gettext_for(lang)
    facts = [tool.facts.on(as_of) for tool in tools]  # an expired certificate scores as no longer held
    evidence = Evidence(facts, as_of, stale_after_days)
    shape = (len(tools), len(compiled))
    kind_not_applicable = (None, CriterionVerdict.NOT_APPLICABLE, _("not applicable to this kind of tool"), (), ())
    purpose_not_applicable = (
        None,
        CriterionVerdict.NOT_APPLICABLE,
        _("not applicable: the tool does not serve the purposes this criterion is for"),
        (),
        (),
    )
    outcomes: list[Outcome] = [kind_not_applicable, purpose_not_applicable]
    codes = _fact_codes(facts, [name for entry in compiled for name in entry.reads], as_of, stale_after_days)
    kinds = np.array([tool.kind for tool in tools], dtype=object)
    purpose_bits = np.array([_bits(p.value for p in tool.purposes) for tool in tools], dtype=np.int64)
    outcome_of = np.empty(shape, dtype=np.intp)
    accepted = np.zeros(shape, dtype=bool)
    for c, entry in enumerate(compiled):
        group = np.zeros(len(tools), dtype=np.intp)  # tools with the same values of the facts it reads
        for name in entry.reads:
            _unique, group = np.unique(group * (codes[name].max(initial=0) + 1) + codes[name], return_inverse=True)
        _unique, first, group = np.unique(group, return_index=True, return_inverse=True)
        ids = np.arange(len(outcomes), len(outcomes) + len(first))
        for representative in first:
            items = [evidence.item(int(representative), name) for name in entry.reads]
            outcomes.append(level_outcome(entry, FactView(facts[representative]), items, lang))
        column = ids[group.reshape(-1)]
        if entry.purposes is not None:
            column = np.where(purpose_bits & _bits(entry.purposes) == 0, 1, column)
        if entry.applies_to is not None:
            column = np.where(np.isin(kinds, list(entry.applies_to)), column, 0)
        outcome_of[:, c] = column
        for risk in accepted_risks:
            if risk.criterion == entry.criterion.id and risk.until >= as_of:
                accepted[:, c] |= np.array([not risk.tools or tool.id in risk.tools for tool in tools], dtype=bool)
    scores = np.array([np.nan if o[0] is None else o[0] for o in outcomes])[outcome_of]
    verdicts = np.array([_VERDICTS.index(o[1]) for o in outcomes], dtype=np.intp)[outcome_of]
    not_applicable = verdicts == _VERDICTS.index(CriterionVerdict.NOT_APPLICABLE)
    weights = np.where(not_applicable, 0.0, np.array([entry.weight for entry in compiled], dtype=float))
    return ScoreTable(list(tools), list(compiled), outcomes, outcome_of, scores, weights, verdicts, accepted, evidence)


def _bits(purposes: Iterable[str]) -> int:
    """Purposes as bits of an integer: sets of purposes are compared for a whole column at once."""
    return sum(1 << list(Purpose).index(Purpose(p)) for p in purposes)


def _fact_codes(
    facts: Sequence[ToolFacts], names: Sequence[str], as_of: date, stale_after_days: int
) -> dict[str, NDArray[np.intp]]:
    """Each fact's value per tool as an integer code: tools with equal values (or both unknown) share a code."""
    codes = {}
    for name in dict.fromkeys(names):
        seen: dict[object, int] = {}
        column = []
        for tool_facts in facts:
            fact = getattr(tool_facts, name)
            if fact_status(fact, as_of, stale_after_days) is FactStatus.NOT_APPLICABLE:
                value: object = _NOT_APPLICABLE
            else:
                value = None if fact is None else frozen(as_json(fact.value))
            column.append(seen.setdefault(value, len(seen)))
        codes[name] = np.array(column, dtype=np.intp)
    return codes
