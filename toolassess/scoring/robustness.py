"""Rank robustness: acceptability under random weight draws (SMAA), and the smallest weight change flipping first.

Both are computed on arrays (numpy): every draw, or every multiplier of the flip search, is one row of a matrix
product, and the ranks of all rows come from one lexicographic sort. Ranking rules are those of `rank_order`:
eligibility tier, then score (none last), then id — scores compared at 6 decimals.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from toolassess.models.assessment import FirstPlaceFlip

if TYPE_CHECKING:
    from toolassess.scoring.criteria import CompiledCriterion

Matrix = NDArray[np.float64]


def _distance(multiplier: float) -> float:
    """How big a weight change is: halving and doubling count the same (0.5)."""
    return 1 - multiplier if multiplier < 1 else (multiplier - 1) / multiplier


# multipliers ordered by distance from 1: 0.95, 1.05, 0.9, 1.1, … down to 0 and up to 10
_GRID = np.array(
    sorted({round(1 + step * 0.01, 2) for step in range(-100, 901)} - {1.0}, key=lambda m: (_distance(m), m))
)
_DISTANCES = np.array([_distance(m) for m in _GRID])


def rank_order(scores: Sequence[float | None], tiers: Sequence[int], names: Sequence[str]) -> list[int]:
    """Indices from first to last: by eligibility tier, then score (none last), then id."""
    return sorted(
        range(len(scores)),
        key=lambda i: (tiers[i], scores[i] is None, -round(scores[i] or 0.0, 6), names[i]),
    )


def _ranked(numerators: Matrix, denominators: Matrix, tiers: Sequence[int], names: Sequence[str]) -> NDArray[np.intp]:
    """For each row of scores (numerator / denominator per tool), the tool indices from first to last."""
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.where(denominators != 0, numerators / np.where(denominators != 0, denominators, 1), 0.0)
    none = denominators == 0
    name_rank = np.argsort(np.argsort(np.array(names, dtype=object)))
    shape = scores.shape
    keys = (  # np.lexsort: last key is primary
        np.broadcast_to(name_rank, shape),
        -np.round(scores, 6),
        none,
        np.broadcast_to(np.array(tiers), shape),
    )
    return np.lexsort(keys, axis=-1)


def random_factors(samples: int, criteria: int, spread: float, seed: int) -> Matrix:
    """The weight multipliers of each draw, uniform in [1 - spread, 1 + spread] (reproducible from the seed)."""
    return np.random.default_rng(seed).uniform(1 - spread, 1 + spread, size=(samples, criteria))


def acceptability(
    weights: Matrix,
    values: Matrix,
    tiers: Sequence[int],
    names: Sequence[str],
    order: Sequence[int],
    samples: int,
    spread: float,
    seed: int,
) -> tuple[list[float], list[float]]:
    """SMAA-style rank acceptability: share of random weight draws keeping each rank, and ranking first."""
    factors = random_factors(samples, weights.shape[1], spread, seed)
    ranked = _ranked(factors @ (weights * values).T, factors @ weights.T, tiers, names)  # draws × positions
    base_position = np.empty(len(order), dtype=np.intp)
    base_position[list(order)] = np.arange(len(order))
    keeps = (ranked == np.asarray(order)[np.newaxis, :]).sum(axis=0)  # by position…
    keeps_by_tool = np.zeros(len(order))
    keeps_by_tool[list(order)] = keeps  # …given to the tool holding it in the base order
    firsts = np.bincount(ranked[:, 0], minlength=len(order))
    return (
        [round(float(k) / samples, 3) for k in keeps_by_tool],
        [round(float(f) / samples, 3) for f in firsts],
    )


def first_place_flip(
    weights: Matrix,
    values: Matrix,
    tiers: Sequence[int],
    names: Sequence[str],
    order: Sequence[int],
    compiled: Sequence[CompiledCriterion],
) -> FirstPlaceFlip | None:
    """The single-criterion weight multiplier closest to 1 (in log terms) that changes the first-ranked tool.

    Criteria are tried in order and the first reaching the smallest distance wins a tie.
    """
    base_num = (weights * values).sum(axis=1)
    base_den = weights.sum(axis=1)
    leader = order[0]
    delta = (_GRID - 1)[:, np.newaxis]  # multipliers × 1
    best: FirstPlaceFlip | None = None
    searched = len(_GRID)  # only changes strictly smaller than the best found so far are looked at
    for c_index, entry in enumerate(compiled):
        w, v = weights[:, c_index], values[:, c_index]
        if not w.any():
            continue  # no tool has this criterion known: its weight changes nothing
        firsts = _ranked(base_num + delta[:searched] * (w * v), base_den + delta[:searched] * w, tiers, names)[:, 0]
        changed = np.flatnonzero(firsts != leader)
        if changed.size:
            best_index = int(changed[0])
            searched = int(np.searchsorted(_DISTANCES, _DISTANCES[best_index], side="left"))
            best = FirstPlaceFlip(
                criterion=entry.criterion.id,
                multiplier=float(_GRID[best_index]),
                new_first=names[int(firsts[best_index])],
            )
    return best
