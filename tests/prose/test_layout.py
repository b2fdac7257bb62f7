"""Pages measured on the printed page, and a PDF export that prints exactly those pages."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from dayone.prose import (
    MAX_DOCUMENT_CHARS,
    DocumentError,
    DocumentTooLargeError,
    Kind,
    PageSpec,
    UnknownKindError,
    lint,
    measure_pages,
    parse_rules,
    render_pdf,
)

PARAGRAPH = (
    "Riverbend Books sold 4,210 titles in the week to 12 May, 6% more than a year before. "
    "Readers who ordered before noon received their books in 1.8 days on average, and 92% of "
    "them rated the delivery five stars. The Portland store ran 3 author events with 140 "
    "guests in total, and 31 of those guests joined the reading club that evening."
)


def paragraphs(count: int, start: int = 0) -> str:
    return "\n\n".join(f"{PARAGRAPH} (Note {start + i}.)" for i in range(count))


def pdf_pages(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_a_short_document_is_one_page_and_exports_one_page() -> None:
    text = "# A plan\n\n" + paragraphs(2)
    measure = measure_pages(text, "narrative")
    assert measure.pages == 1
    assert measure.kind is Kind.NARRATIVE
    [section] = measure.sections
    assert (section.name, section.pages, section.limit, section.over_limit) == (
        "narrative",
        1,
        6,
        False,
    )
    assert len(pdf_pages(render_pdf(text, "narrative")).pages) == 1


@pytest.mark.parametrize("count", [1, 9, 20, 45])
def test_the_exported_pdf_has_the_measured_page_count(count: int) -> None:
    text = paragraphs(count)
    measure = measure_pages(text)
    pdf = render_pdf(text, title="Weekly notes")
    reader = pdf_pages(pdf)
    assert len(reader.pages) == measure.pages
    assert reader.metadata.title == "Weekly notes"
    assert measure.sections[0].words == count * len(PARAGRAPH.split()) + 2 * count


def test_more_text_never_means_fewer_pages_and_roughly_600_words_fill_a_page() -> None:
    counts = [measure_pages(paragraphs(n)).pages for n in (5, 10, 20, 40, 80)]
    assert counts == sorted(counts)
    words_per_page = 80 * len(PARAGRAPH.split()) / counts[-1]
    assert 450 < words_per_page < 800


def test_the_page_is_configurable_and_changes_the_count() -> None:
    text = paragraphs(40)
    default = measure_pages(text).pages
    small = parse_rules("page:\n  font: Helvetica\n  font_size: 9\n  margin_pt: 36\n")
    large = parse_rules("page:\n  size: a4\n  font_size: 14\n  line_spacing: 1.5\n")
    assert measure_pages(text, rules=small).pages < default < measure_pages(text, rules=large).pages
    assert measure_pages(text, rules=large).page == PageSpec(
        size="a4", font_size=14, line_spacing=1.5
    )
    assert (
        len(pdf_pages(render_pdf(text, rules=large)).pages)
        == measure_pages(text, rules=large).pages
    )


def test_a_long_narrative_is_flagged_where_it_crosses_the_limit() -> None:
    text = "# Narrative\n\n" + paragraphs(80)
    measure = measure_pages(text, "narrative")
    assert measure.pages > 6
    [section] = measure.sections
    assert section.over_limit
    [finding] = [f for f in lint(text, kind="narrative") if f.rule == "page-limit"]
    assert finding.severity.value == "error"
    assert finding.line == section.overflow_line
    assert finding.message == (
        f"The narrative runs to {measure.pages} pages; the limit is 6 "
        "(letter, 1.0 in margins, Times-Roman 11 pt)."
    )
    assert finding.suggestion.startswith(f"Cut about {section.overflow_words} words")
    # the paragraph the finding points at is on page 7: everything before it fits in 6 pages
    before = text.splitlines()[: finding.line - 1]
    assert measure_pages("\n".join(before), "narrative").pages == 6


def test_page_limits_run_only_when_the_kind_is_known() -> None:
    text = paragraphs(80)
    assert not [f for f in lint(text) if f.rule == "page-limit"]
    front = "---\nkind: narrative\n---\n" + text
    assert [f.rule for f in lint(front) if f.rule == "page-limit"] == ["page-limit"]
    assert measure_pages(front).kind is Kind.NARRATIVE


PRFAQ = """---
title: Riverbend Reader
---
## Customer questions

{questions}

# Riverbend Reader lets book clubs read together

{press_release}

## External FAQ

{faq}

## Internal FAQ

{faq}

## Appendix A: store data

{appendix}
"""


def test_a_prfaq_is_measured_part_by_part_and_appendices_do_not_count() -> None:
    text = PRFAQ.format(
        questions=paragraphs(4),
        press_release=paragraphs(12),
        faq=paragraphs(6),
        appendix=paragraphs(60),
    )
    measure = measure_pages(text, Kind.PRFAQ)
    names = [s.name for s in measure.sections]
    assert names == ["uncounted", "press-release", "faq", "appendix"]
    parts = {s.name: s for s in measure.sections}
    assert parts["press-release"].pages == 2 and parts["press-release"].limit == 1
    assert parts["faq"].pages <= 5 and parts["faq"].limit == 5
    assert parts["appendix"].pages > 5 and parts["appendix"].limit is None
    assert parts["uncounted"].limit is None
    # each part starts on a new page, so the parts add up to the document
    assert sum(s.pages for s in measure.sections) == measure.pages
    assert len(pdf_pages(render_pdf(text, "prfaq")).pages) == measure.pages
    findings = [f for f in lint(text, kind="prfaq") if f.rule == "page-limit"]
    assert [f.message.split(";")[0] for f in findings] == ["The press release runs to 2 pages"]


def test_a_press_release_on_its_own() -> None:
    text = "# Heading\n\n" + paragraphs(12)
    assert measure_pages(text, "press-release").sections[0].over_limit
    assert not measure_pages(text, "faq").sections[0].over_limit


def test_markdown_renders_without_html_or_unsafe_links() -> None:
    text = (
        "# Title with “quotes” and é\n\n"
        "| Metric | Value |\n|---|---|\n| Click to deliver | 1.8 days |\n\n"
        "* one\n  * nested\n    1. deep\n\n> quoted\n\n"
        '![a cover](https://example.com/c.png) <span onclick="x()">inline</span> '
        "[safe](https://example.com/a) [unsafe](javascript:alert(1))\n\n"
        "<script>document.write('no')</script>\n\n---\n\n    code block\n\n"
        "```\nfenced code\n```\n\nA line  \nbreak &amp; entity.\n"
    )
    reader = pdf_pages(render_pdf(text))
    page = reader.pages[0]
    content = page.extract_text()
    for expected in ("Title with", "Click to deliver", "nested", "deep", "quoted", "[a cover]"):
        assert expected in content
    assert "fenced code" in content and "code block" in content and "& entity" in content
    assert "document.write" not in content and "<span" not in content
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    assert uris == ["https://example.com/a"]


def test_an_empty_document_is_one_blank_page() -> None:
    assert measure_pages("").pages == 1
    assert len(pdf_pages(render_pdf("")).pages) == 1


def test_bad_documents_get_clear_errors() -> None:
    with pytest.raises(UnknownKindError, match="unknown document kind 'memo'"):
        measure_pages("text", "memo")
    with pytest.raises(DocumentTooLargeError, match="the limit is 2,000,000"):
        render_pdf("a" * (MAX_DOCUMENT_CHARS + 1))
    with pytest.raises(DocumentError, match="line 3: this block is too large"):
        measure_pages("Intro.\n\n| a |\n|---|\n| " + "word " * 20000 + " |\n")
    with pytest.raises(DocumentError, match="line 3: front matter is not valid YAML"):
        lint("---\nkind: [narrative\n---\nText.\n")


def test_an_editor_can_lint_without_laying_out_pages() -> None:
    text = paragraphs(80)
    assert [f.rule for f in lint(text, kind="narrative") if f.rule == "page-limit"]
    assert not [f for f in lint(text, kind="narrative", pages=False) if f.rule == "page-limit"]


def test_parts_can_be_looked_up_by_name_and_code_prints_in_courier() -> None:
    measure = measure_pages("Use `reorder_point()` daily.", "narrative")
    assert measure.section("narrative") is measure.sections[0]
    assert measure.section("faq") is None
    pdf = render_pdf("Use `reorder_point()` daily.")
    assert b"/Courier" in pdf


def test_pages_without_a_page_limit_rule() -> None:
    rules = parse_rules("packs: [writing-bar]")
    measure = measure_pages(paragraphs(80), "narrative", rules=rules)
    assert measure.sections[0].limit is None
    assert measure.pages > 6
    assert not [
        f for f in lint(paragraphs(80), kind="narrative", rules=rules) if f.rule == "page-limit"
    ]


def test_front_matter_must_be_a_mapping_with_a_text_kind() -> None:
    with pytest.raises(DocumentError, match="front matter must be a YAML mapping"):
        lint("---\n- a list\n---\nText.\n")
    with pytest.raises(DocumentError, match="'kind' must be text"):
        lint("---\nkind: 3\n---\nText.\n")
