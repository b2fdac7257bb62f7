"""The voice of the customer, as a library: anecdotes in, themes by meaning and signals out.

Read anecdotes from CSV or e-mail files, redact personal data, and group them by meaning::

    >>> from dayone.customers import parse_csv, redact, fingerprint
    >>> rows = parse_csv("external_id,date,channel,text\\n"
    ...                  "T-7,2026-05-04,email,Write to me at ann@example.com\\n")
    >>> redact(rows[0].text)
    'Write to me at [email]'

Themes need the sentence-embedding model (``pip install 'dayone[customers]'``): :func:`embed`
turns texts into vectors, :func:`group` finds the themes and their number, :func:`label` names
them, :func:`assign` places new anecdotes, and :func:`regroup` groups again while keeping what
people decided; :func:`nearest` finds the most similar vectors (similar ideas).
:func:`theme_trends` and :func:`disagreements` read the weekly counts as the WBR reads a metric.

Exception tree::

    CustomerError
    ├── IntakeError        anecdotes cannot be read (file, line, column); also a ValueError
    └── ModelMissingError  the sentence-embedding model is not installed
"""

from dayone.customers._embed import DIMENSIONS, INSTALL_HINT, embed, model_available
from dayone.customers._errors import CustomerError, IntakeError, ModelMissingError
from dayone.customers._fingerprint import fingerprint
from dayone.customers._intake import (
    OPTIONAL,
    REQUIRED,
    parse_csv,
    parse_email,
    parse_record,
    read_file,
)
from dayone.customers._model import CHANNELS, MAX_TEXT, SEVERITIES, AnecdoteRecord
from dayone.customers._redact import redact
from dayone.customers._similar import SIMILAR_AT, nearest
from dayone.customers._themes import (
    JOIN_SIMILARITY,
    MAX_THEMES,
    Regrouping,
    assign,
    centroids,
    group,
    label,
    regroup,
)
from dayone.customers._trends import (
    Disagreement,
    ThemeMove,
    ThemeTrend,
    disagreements,
    theme_trends,
    themes_moved,
    week_ends,
    weekly_counts,
)

__all__ = [
    "CHANNELS",
    "DIMENSIONS",
    "INSTALL_HINT",
    "JOIN_SIMILARITY",
    "MAX_TEXT",
    "MAX_THEMES",
    "OPTIONAL",
    "REQUIRED",
    "SEVERITIES",
    "SIMILAR_AT",
    "AnecdoteRecord",
    "CustomerError",
    "Disagreement",
    "IntakeError",
    "ModelMissingError",
    "Regrouping",
    "ThemeMove",
    "ThemeTrend",
    "assign",
    "centroids",
    "disagreements",
    "embed",
    "fingerprint",
    "group",
    "label",
    "model_available",
    "nearest",
    "parse_csv",
    "parse_email",
    "parse_record",
    "read_file",
    "redact",
    "regroup",
    "theme_trends",
    "themes_moved",
    "week_ends",
    "weekly_counts",
]
