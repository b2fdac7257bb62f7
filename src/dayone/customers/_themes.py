"""Themes by meaning: grouping sentence vectors, naming the groups, and keeping people's choices.

Grouping is spectral clustering on the graph of each anecdote's nearest neighbours by cosine
similarity; the number of themes is where the graph's Laplacian spectrum has its widest gap, so
the data chooses it. Labels are the words that most set a theme's anecdotes apart from the rest
(class-based TF-IDF). :func:`regroup` leaves alone what people decided: anecdotes they moved
and themes they renamed, merged or split keep their members.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from scipy import sparse
from scipy.linalg import eigh
from scipy.sparse.linalg import eigsh

from dayone.customers._embed import INSTALL_HINT
from dayone.customers._errors import ModelMissingError

if TYPE_CHECKING:
    from numpy.typing import NDArray

MAX_THEMES: Final[int] = 40
#: Below this cosine similarity to every theme's centre, a new anecdote waits unsorted.
JOIN_SIMILARITY: Final[float] = 0.35
_CHUNK: Final[int] = 2048
_DENSE_LIMIT: Final[int] = 1500
_SAMPLE: Final[int] = 2000
_MAX_NEIGHBOURS: Final[int] = 50
_WORD: Final = re.compile(r"[a-z][a-z'-]+")
_STOP: Final[frozenset[str]] = frozenset(
    {
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "but",
        "by",
        "can",
        "could",
        "day",
        "days",
        "did",
        "do",
        "does",
        "doing",
        "don't",
        "even",
        "ever",
        "every",
        "for",
        "from",
        "get",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "him",
        "his",
        "how",
        "i",
        "i'm",
        "i've",
        "if",
        "in",
        "into",
        "is",
        "it",
        "it's",
        "its",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "so",
        "some",
        "still",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "three",
        "time",
        "to",
        "too",
        "two",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "week",
        "weeks",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "yet",
        "you",
        "you're",
        "your",
        "yours",
    }
)


def _neighbours(vectors: NDArray[np.float32], k: int) -> sparse.csr_matrix:
    n = len(vectors)
    rows = np.repeat(np.arange(n), k)
    cols = np.empty(n * k, dtype=np.int64)
    vals = np.empty(n * k, dtype=np.float32)
    for start in range(0, n, _CHUNK):
        sims = vectors[start : start + _CHUNK] @ vectors.T
        idx = np.arange(len(sims))
        sims[idx, start + idx] = -np.inf
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        cols[start * k : (start + len(sims)) * k] = top.ravel()
        vals[start * k : (start + len(sims)) * k] = np.take_along_axis(sims, top, axis=1).ravel()
    graph = sparse.csr_matrix((np.maximum(vals, 0.0), (rows, cols)), shape=(n, n))
    return graph.maximum(graph.T).tocsr()


def _sklearn() -> tuple[Any, Any]:
    try:
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
    except ImportError:
        raise ModelMissingError(f"{INSTALL_HINT} (scikit-learn is missing)") from None
    return KMeans, silhouette_score


def _kmeans(points: NDArray[np.float64], k: int) -> Any:
    KMeans, _ = _sklearn()  # noqa: N806
    return KMeans(n_clusters=k, n_init=10, random_state=0).fit(points)


def group(vectors: NDArray[np.float32], *, max_themes: int = MAX_THEMES) -> NDArray[np.int64]:
    """A theme number (0, 1, ...) for each unit-length row of ``vectors``.

    The vectors are centred on their mean (what all anecdotes share says nothing about a theme),
    linked to their nearest neighbours (as many as the square root of their number, at most 50),
    and clustered in the graph's spectral embedding; the number of themes is the one whose
    grouping has the best cosine silhouette in the original space. Beyond 2,000 anecdotes the
    numbers of themes are tried on a sample of 2,000 and every anecdote joins its nearest centre.
    """
    n = len(vectors)
    if n < 4:
        return np.zeros(n, dtype=np.int64)
    centred = np.asarray(vectors, dtype=np.float32) - vectors.mean(axis=0)
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-12)
    k = int(min(n - 1, _MAX_NEIGHBOURS, max(5, round(math.sqrt(n)))))
    graph = _neighbours(centred, k).astype(np.float64)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    scale = sparse.diags(1.0 / np.sqrt(np.maximum(degree, 1e-12)))
    adjacency = (scale @ graph @ scale).tocsr()
    top = max(2, min(max_themes, n // 3))
    # The smallest eigenvectors of the normalised Laplacian are the largest of the adjacency.
    if n <= _DENSE_LIMIT:
        _, vecs = eigh(-adjacency.toarray(), subset_by_index=(0, top - 1))
    else:
        values, vecs = eigsh(adjacency, k=top, which="LA", tol=1e-4, v0=np.ones(n))
        vecs = vecs[:, np.argsort(-values)]
    _, silhouette_score = _sklearn()
    # Each number of themes is tried on a sample (all anecdotes when they are few); the best
    # grouping of the sample then places every anecdote at its nearest centre.
    sample = (
        np.arange(n)
        if n <= _SAMPLE
        else np.sort(np.random.default_rng(0).choice(n, size=_SAMPLE, replace=False))
    )
    best: tuple[float, int, Any] | None = None
    for themes in range(2, top + 1):
        embedding = vecs[sample, :themes]
        embedding = embedding / np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-12)
        model = _kmeans(embedding, themes)
        if len(set(model.labels_.tolist())) < 2:
            continue
        score = float(silhouette_score(centred[sample], model.labels_, metric="cosine"))
        if best is None or score > best[0]:
            best = (score, themes, model)
    if best is None:
        return np.zeros(n, dtype=np.int64)
    _, themes, model = best
    embedding = vecs[:, :themes]
    embedding = embedding / np.maximum(np.linalg.norm(embedding, axis=1, keepdims=True), 1e-12)
    return np.asarray(model.predict(embedding), dtype=np.int64)


def centroids(
    vectors: NDArray[np.float32], labels: Sequence[int]
) -> dict[int, NDArray[np.float32]]:
    """The unit-length mean vector of each theme, keyed by theme."""
    out: dict[int, NDArray[np.float32]] = {}
    array = np.asarray(labels)
    for theme in sorted(set(array.tolist())):
        mean = vectors[array == theme].mean(axis=0)
        out[int(theme)] = (mean / max(float(np.linalg.norm(mean)), 1e-12)).astype(np.float32)
    return out


def assign(
    vectors: NDArray[np.float32],
    centres: dict[int, NDArray[np.float32]],
    *,
    threshold: float = JOIN_SIMILARITY,
) -> list[int | None]:
    """The theme whose centre is nearest to each vector, or ``None`` when none is near enough."""
    if not centres or len(vectors) == 0:
        return [None] * len(vectors)
    keys = list(centres)
    sims = vectors @ np.stack([centres[k] for k in keys]).T
    best = sims.argmax(axis=1)
    return [keys[int(b)] if sims[i, b] >= threshold else None for i, b in enumerate(best.tolist())]


def _words(text: str) -> list[str]:
    words = [w.strip("'-") for w in _WORD.findall(text.lower())]
    return [w for w in words if len(w) > 2 and w not in _STOP]


def label(texts_by_theme: Sequence[Sequence[str]], *, words: int = 3) -> list[str]:
    """A readable label for each theme: its most distinctive words (class-based TF-IDF).

    >>> label([["on hold for an hour", "kept on hold"], ["box arrived torn", "torn cover"]])
    ['hold · hour · kept', 'torn · arrived · box']
    """
    counts = [dict[str, int]() for _ in texts_by_theme]
    for counter, texts in zip(counts, texts_by_theme, strict=True):
        for text in texts:
            for word in _words(text):
                counter[word] = counter.get(word, 0) + 1
    overall: dict[str, int] = {}
    for counter in counts:
        for word, c in counter.items():
            overall[word] = overall.get(word, 0) + c
    average = sum(overall.values()) / max(len(counts), 1)
    labels = []
    for counter in counts:
        total = max(sum(counter.values()), 1)
        scored = sorted(
            counter,
            key=lambda w: (-(counter[w] / total) * math.log(1 + average / overall[w]), w),
        )
        labels.append(" · ".join(scored[:words]) if scored else "unsorted")
    return labels


@dataclass(frozen=True, slots=True)
class Regrouping:
    """The outcome of :func:`regroup`.

    ``assignments`` gives, for each anecdote, the existing theme it belongs to, or ``None`` when
    it belongs to one of the ``new_themes`` (lists of anecdote positions). ``emptied`` are the
    existing themes no anecdote belongs to any more.
    """

    assignments: tuple[int | None, ...]
    new_themes: tuple[tuple[int, ...], ...]
    emptied: tuple[int, ...]


def _majority(members: Sequence[int], current: Sequence[int | None], kept: set[int]) -> int | None:
    counts: dict[int, int] = {}
    for i in members:
        theme = current[i]
        if theme is not None and theme not in kept:
            counts[theme] = counts.get(theme, 0) + 1
    if not counts:
        return None
    theme, common = max(counts.items(), key=lambda item: (item[1], -item[0]))
    return theme if common * 2 > len(members) else None


def regroup(
    vectors: NDArray[np.float32],
    *,
    current: Sequence[int | None],
    kept: Collection[int] = (),
    pinned: Sequence[bool] | None = None,
    max_themes: int = MAX_THEMES,
) -> Regrouping:
    """Group the anecdotes again, keeping what people decided.

    ``current`` is each anecdote's theme now; ``kept`` are the themes people named, merged or
    split; ``pinned`` marks anecdotes people moved. Those keep their theme. The others are
    grouped afresh: a new group more than half of which was one old theme joins that theme (so
    ids stay put when little changed), and an anecdote nearer a kept theme's centre than its new
    group's joins the kept theme.
    """
    n = len(vectors)
    pins = list(pinned) if pinned is not None else [False] * n
    kept_set = set(kept)
    fixed = [pins[i] or (current[i] is not None and current[i] in kept_set) for i in range(n)]
    result: list[int | None] = [current[i] if fixed[i] else None for i in range(n)]
    free = [i for i in range(n) if not fixed[i]]
    new_themes: list[list[int]] = []
    clusters: dict[int, list[int]] = {}
    for position, lab in zip(
        free, group(vectors[free], max_themes=max_themes).tolist(), strict=True
    ):
        clusters.setdefault(int(lab), []).append(position)
    in_kept = [i for i in range(n) if fixed[i] and result[i] in kept_set]
    kept_centres = centroids(vectors[in_kept], [int(result[i] or 0) for i in in_kept])
    keys = list(kept_centres)
    for _, members in sorted(clusters.items()):
        stay = list(members)
        if keys:
            centre = centroids(vectors[members], [0] * len(members))[0]
            sims = vectors[members] @ np.stack([kept_centres[k] for k in keys]).T
            best = sims.argmax(axis=1)
            own = vectors[members] @ centre
            stay = []
            for row, i in enumerate(members):
                if sims[row, best[row]] > max(own[row], JOIN_SIMILARITY):
                    result[i] = keys[int(best[row])]
                else:
                    stay.append(i)
        if not stay:
            continue
        theme = _majority(stay, current, kept_set)
        if theme is None:
            new_themes.append(stay)
        else:
            for i in stay:
                result[i] = theme
    remaining = {t for t in result if t is not None}
    emptied = sorted({t for t in current if t is not None} - remaining)
    return Regrouping(
        assignments=tuple(result),
        new_themes=tuple(tuple(m) for m in new_themes),
        emptied=tuple(emptied),
    )
