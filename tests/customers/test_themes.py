"""Themes by meaning: the embedding, grouping on a labelled paraphrase fixture, people's choices."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from dayone.customers import assign, centroids, embed, group, label, regroup

FIXTURE = Path(__file__).parent / "fixtures" / "paraphrases.csv"


@pytest.fixture(scope="module")
def paraphrases() -> tuple[list[str], list[str], np.ndarray]:
    with FIXTURE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["text"] for r in rows]
    return texts, [r["theme"] for r in rows], embed(texts)


def test_embeddings_match_sentence_transformers() -> None:
    # The all-MiniLM-L6-v2 model card's example: cosine similarities 0.6660, 0.1046, 0.1411.
    vectors = embed(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    sims = vectors @ vectors.T
    assert sims[0, 1] == pytest.approx(0.6660, abs=1e-4)
    assert sims[0, 2] == pytest.approx(0.1046, abs=1e-4)
    assert sims[1, 2] == pytest.approx(0.1411, abs=1e-4)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(1.0, abs=1e-5)


def test_embedding_order_does_not_depend_on_batching() -> None:
    texts = ["short", "a much longer sentence about a parcel that never came", "mid length one"]
    together = embed(texts)
    alone = np.vstack([embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert embed([]).shape == (0, 384)


def test_themes_by_meaning_beat_word_counts(paraphrases) -> None:
    texts, truth, vectors = paraphrases
    themes = group(vectors)
    by_meaning = adjusted_rand_score(truth, themes)
    words = TfidfVectorizer().fit_transform(texts)
    by_words = adjusted_rand_score(truth, KMeans(8, n_init=10, random_state=0).fit_predict(words))
    assert by_meaning >= 0.6
    assert by_words < 0.3
    assert 6 <= len(set(themes.tolist())) <= 12


def test_labels_are_distinctive_words(paraphrases) -> None:
    texts, truth, _ = paraphrases
    names = sorted(set(truth))
    labels = dict(
        zip(
            names,
            label([[t for t, y in zip(texts, truth, strict=True) if y == n] for n in names]),
            strict=True,
        )
    )
    for name, text in labels.items():
        words = text.split(" · ")
        assert len(words) == 3
        joined = " ".join(t.lower() for t, y in zip(texts, truth, strict=True) if y == name)
        assert all(word in joined for word in words)
    assert len(set(labels.values())) == len(names)
    assert {"ebook", "digital", "audiobook"} & set(labels["ebook"].split(" · "))
    assert {"app", "website", "crashes", "error"} & set(labels["site"].split(" · "))
    assert label([[]]) == ["unsorted"]


def test_a_new_anecdote_joins_the_nearest_theme(paraphrases) -> None:
    _, truth, vectors = paraphrases
    centres = centroids(vectors, [sorted(set(truth)).index(y) for y in truth])
    names = sorted(set(truth))
    new = embed(["I rang your helpline four times and nobody ever answered", "zxqv"])
    joined = assign(new, centres)
    assert names[joined[0]] == "reach"
    assert assign(new, centres, threshold=0.99) == [None, None]
    assert assign(new, {}) == [None, None]


def test_regroup_keeps_moves_and_kept_themes(paraphrases) -> None:
    texts, _, vectors = paraphrases
    first = group(vectors).tolist()
    current: list[int | None] = [100 + t for t in first]
    # A person moved anecdote 0 to theme 999 and curated the theme of anecdote 20.
    current[0] = 999
    kept_theme = current[20]
    assert kept_theme is not None
    pinned = [i == 0 for i in range(len(texts))]
    again = regroup(vectors, current=current, kept={kept_theme, 999}, pinned=pinned)
    assert again.assignments[0] == 999
    kept_members = [i for i, t in enumerate(current) if t == kept_theme]
    assert all(again.assignments[i] == kept_theme for i in kept_members)
    # Nothing changed in the data, so nearly every anecdote keeps its theme id.
    assert sum(len(m) for m in again.new_themes) <= 0.1 * len(texts)
    unchanged = sum(a == c for a, c in zip(again.assignments, current, strict=True))
    assert unchanged >= 0.85 * len(texts)


def test_regroup_of_fresh_anecdotes_makes_new_themes(paraphrases) -> None:
    _, truth, vectors = paraphrases
    again = regroup(vectors, current=[None] * len(truth))
    assert all(a is None for a in again.assignments)
    sizes = sorted(len(m) for m in again.new_themes)
    assert sum(sizes) == len(truth)
    assert again.emptied == ()


def test_tiny_inputs() -> None:
    assert group(np.zeros((0, 384), dtype=np.float32)).tolist() == []
    assert group(embed(["one", "two"])).tolist() == [0, 0]
