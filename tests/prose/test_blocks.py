"""The linter's fast block reader agrees with markdown-it (a CommonMark parser) on which lines
hold prose, and of which kind, for every Markdown file among the fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from dayone.prose._blocks import read_blocks

from ._fixtures import FIXTURES, read_cases

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")
TEXTS = {f"{case.id}": case.text for case in read_cases("lint")}
TEXTS.update({p.name: p.read_text("utf-8") for p in sorted((FIXTURES / "blocks").glob("*.md"))})
TEXTS["docs/prose.md"] = (Path(__file__).parents[2] / "docs" / "prose.md").read_text("utf-8")


def markdown_it_blocks(text: str) -> list[tuple[str, int, int]]:
    out = set()
    kind = "paragraph"
    for token in PARSER.parse(text):
        if token.type == "heading_open":
            kind = "heading"
        elif token.type in ("th_open", "td_open"):
            kind = "table"
        elif token.type == "paragraph_open":
            kind = "paragraph"
        elif token.type == "inline" and token.map is not None:
            out.add((kind, token.map[0], token.map[1]))
    return sorted(out)


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_prose_blocks_match_markdown_it(name: str) -> None:
    text = TEXTS[name]
    ours = sorted(
        {
            (b.kind, b.start, b.end)
            for b in read_blocks(text.split("\n"))
            if b.kind not in {"html", "code"}
        }
    )
    assert ours == markdown_it_blocks(text)


def test_code_and_html_blocks_are_found() -> None:
    text = (FIXTURES / "blocks" / "constructs.md").read_text("utf-8")
    kinds = {(b.kind, b.start) for b in read_blocks(text.split("\n"))}
    assert ("code", 9) in kinds  # indented code
    assert ("html", 22) in kinds  # <div> block
    assert ("html", 26) in kinds  # comment over two lines
    assert ("code", 37) in kinds and ("code", 40) in kinds  # backtick and tilde fences
