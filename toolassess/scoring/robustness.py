"""Rank robustness: acceptability under random weight draws (SMAA), and the smallest weight change flipping first."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolassess.scoring.score import CompiledCriterion, ScoredRow
from toolassess.models.assessment import (
    FirstPlaceFlip,
)


def weight_matrix(rows: Sequence[ScoredRow], counted: Sequence[int]) -> tuple[list[list[float]], list[list[float]]]:
    """Weights and scores of the counted criteria as tools × criteria tables (unknown and not applicable: 0)."""
    weights = [[r.weight if (r := row.results[i]).score is not None else 0.0 for i in counted] for row in rows]
    values = [[r.score if (r := row.results[i]).score is not None else 0.0 for i in counted] for row in rows]
    return weights, values


def acceptability(
    weights: Sequence[Sequence[float]],
    values: Sequence[Sequence[float]],
    tiers: Sequence[int],
    names: Sequence[str],
    order: Sequence[int],
    samples: int,
    spread: float,
    seed: int,
) -> tuple[list[float], list[float]]:
    """SMAA-style rank acceptability: share of random weight draws keeping each rank, and ranking first."""
    rng = random.Random(seed)
    n_criteria = len(weights[0])
    base_rank = {index: position for position, index in enumerate(order)}
    keeps = [0] * len(weights)
    firsts = [0] * len(weights)
    for _ in range(samples):
        factors = [rng.uniform(1 - spread, 1 + spread) for _ in range(n_criteria)]
        scores: list[float | None] = []
        for w_row, v_row in zip(weights, values, strict=True):
            num = den = 0.0
            for factor, w, v in zip(factors, w_row, v_row, strict=True):
                fw = factor * w
                num += fw * v
                den += fw
            scores.append(num / den if den else None)
        drawn = rank_order(scores, tiers, names)
        firsts[drawn[0]] += 1
        for position, index in enumerate(drawn):
            if base_rank[index] == position:
                keeps[index] += 1
    return [round(k / samples, 3) for k in keeps], [round(f / samples, 3) for f in firsts]


def first_place_flip(
    weights: Sequence[Sequence[float]],
    values: Sequence[Sequence[float]],
    tiers: Sequence[int],
    names: Sequence[str],
    order: Sequence[int],
    compiled: Sequence[CompiledCriterion],
) -> FirstPlaceFlip | None:
    """The single-criterion weight multiplier closest to 1 (in log terms) that changes the first-ranked tool."""
    base_num = [sum(w * v for w, v in zip(wr, vr, strict=True)) for wr, vr in zip(weights, values, strict=True)]
    base_den = [sum(wr) for wr in weights]
    leader = order[0]
    # multipliers ordered by distance from 1: 0.95, 1.05, 0.9, 1.1, … down to 0 and up to 10
    grid = sorted({round(1 + step * 0.01, 2) for step in range(-100, 901)} - {1.0}, key=lambda m: (_distance(m), m))
    best: FirstPlaceFlip | None = None
    best_distance = float("inf")
    for c_index, entry in enumerate(compiled):
        for multiplier in grid:
            distance = _distance(multiplier)
            if distance >= best_distance:
                break
            delta = multiplier - 1
            scores: list[float | None] = []
            for t in range(len(weights)):
                w, v = weights[t][c_index], values[t][c_index]
                den = base_den[t] + delta * w
                scores.append((base_num[t] + delta * w * v) / den if den else None)
            first = rank_order(scores, tiers, names)[0]
            if first != leader:
                best = FirstPlaceFlip(criterion=entry.criterion.id, multiplier=multiplier, new_first=names[first])
                best_distance = distance
                break
    return best


def _distance(multiplier: float) -> float:
    """How big a weight change is: halving and doubling count the same (0.5)."""
    return 1 - multiplier if multiplier < 1 else (multiplier - 1) / multiplier


def rank_order(scores: Sequence[float | None], tiers: Sequence[int], names: Sequence[str]) -> list[int]:
    """Indices from first to last: by eligibility tier, then score (none last), then id."""
    return sorted(
        range(len(scores)),
        key=lambda i: (tiers[i], scores[i] is None, -round(scores[i] or 0.0, 6), names[i]),
    )
