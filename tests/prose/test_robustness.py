"""Any text at all: the linter never fails, and every finding points inside the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dayone.prose import lint
from dayone.prose._text import Prose

PIECES = st.sampled_from(
    [
        "Nearly",
        " very",
        " soon",
        ".",
        " ",
        "\n",
        "\n\n",
        "# ",
        "- ",
        "1. ",
        "> ",
        "`",
        "```",
        "    ",
        "|",
        "---",
        "<!--",
        "-->",
        " dayone-lint: ignore",
        " disable",
        " enable",
        "<div>",
        "</div>",
        "WBR",
        " (WBR)",
        "http://x.y/very",
        "[a](b)",
        "*",
        "_",
        "é",
        "İ",
        "\r\n",
        "\t",
        "was made",
        " 87%",
        "Mr.",
        " It",
        "=",
        "~~~",
        "[x]: y",
        "\x00",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join) | st.text(max_size=200)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_lint_never_fails_and_positions_are_in_range(text: str) -> None:
    prose = Prose(text)
    assert len(prose.masked) == len(prose.source)
    assert [i for i, c in enumerate(prose.masked) if c == "\n"] == [
        i for i, c in enumerate(prose.source) if c == "\n"
    ]
    lines = prose.source.split("\n")
    for finding in lint(text):
        assert 0 <= finding.offset <= finding.end_offset <= len(prose.source)
        assert 1 <= finding.line <= finding.end_line <= len(lines)
        assert 1 <= finding.column <= len(lines[finding.line - 1]) + 1
        start = prose.line_starts[finding.line - 1] + finding.column - 1
        assert start == finding.offset


def test_windows_line_endings_give_the_same_positions() -> None:
    unix = "# Plan\n\nWe will ship soon.\nIt was made very well.\n"
    windows = unix.replace("\n", "\r\n")
    assert lint(windows) == lint(unix)
