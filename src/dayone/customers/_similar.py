"""The nearest vectors to a query: similar ideas suggested while someone types."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from dayone.customers._embed import one_thread

if TYPE_CHECKING:
    from numpy.typing import NDArray

SIMILAR_AT = 0.5
"""Cosine similarity from which an idea is suggested as similar: paraphrases of one request
score 0.5-0.9 with MiniLM, unrelated requests about books and delivery under 0.4."""


def nearest(
    query: NDArray[np.float32],
    matrix: NDArray[np.float32],
    *,
    k: int = 5,
    at_least: float = SIMILAR_AT,
) -> list[tuple[int, float]]:
    """The rows of ``matrix`` (unit vectors) most similar to the unit vector ``query``: at most
    ``k`` (row, cosine) pairs scoring ``at_least``, most similar first."""
    if matrix.shape[0] == 0 or k <= 0:
        return []
    with one_thread():
        scores = matrix @ query.astype(np.float32, copy=False)
    k = min(k, scores.shape[0])
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(i), float(scores[i])) for i in top if scores[i] >= at_least]
