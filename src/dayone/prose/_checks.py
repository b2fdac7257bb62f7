"""The checks that rules are made of.

A rule pack (YAML) names a *check* for each rule and gives it parameters: word lists,
limits, allow-lists. The checks are the code; the rules are data. Each check declares its
parameters (validated when a pack loads) and the fields its message templates may use.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dayone.prose._layout import SectionRules, measure
from dayone.prose._lexicon import alternation
from dayone.prose._model import Kind, PageSpec
from dayone.prose._text import Prose, Sentence

# -- what a check sees and returns -----------------------------------------------------------


Spans = Sequence[tuple[int, int]]


@dataclass(frozen=True, slots=True)
class Context:
    """What a check may know besides the text: the document kind, the page, and the matches
    of the phrase lists it declared (``found(tag)``, from the shared lexicon scan)."""

    kind: Kind | None
    page: PageSpec
    found: Callable[[str], Spans]


@dataclass(frozen=True, slots=True)
class Hit:
    """One match of a check: a span of the source and the fields for the message."""

    start: int
    end: int
    fields: Mapping[str, object] = field(default_factory=dict)
    suggestion: str | None = None


Run = Callable[[Prose, Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Check:
    """A built check: what it runs, and the phrase lists (lower case, by tag) it wants the
    shared lexicon scan to find for it. Tags in ``digits`` also receive runs of digits."""

    run: Run
    phrases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    digits: frozenset[str] = frozenset()


class ParamError(ValueError):
    """A parameter value is invalid (the loader adds the file, line and field).

    ``item`` names the list index or mapping key of the bad item, when there is one.
    """

    def __init__(self, message: str, item: int | str | None = None) -> None:
        super().__init__(message)
        self.item = item


# -- parameter validators -----------------------------------------------------------------------


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ParamError("must be a list of non-empty strings")
    for index, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ParamError(f"{item!r} is not a non-empty string", index)
    return tuple(v.strip() for v in value)


def _words(value: object) -> tuple[tuple[str, str | None], ...]:
    """A word list: either a list of words, or a mapping of word to suggestion."""
    if isinstance(value, list):
        return tuple((w, None) for w in _strings(value))
    if isinstance(value, dict):
        out: list[tuple[str, str | None]] = []
        for word, hint in value.items():
            if not isinstance(word, str) or not word.strip():
                raise ParamError(f"word {word!r} must be a non-empty string", str(word))
            if hint is not None and not isinstance(hint, str):
                raise ParamError("the suggestion must be text", word)
            out.append((word.strip(), hint))
        return tuple(out)
    raise ParamError("must be a list of words, or a mapping of word to suggestion")


def _positive_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParamError("must be a whole number of at least 1")
    return value


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ParamError("must be true or false")
    return value


def _regex(value: object) -> str:
    if not isinstance(value, str):
        raise ParamError("must be a regular expression (a string)")
    try:
        re.compile(value)
    except re.error as exc:
        raise ParamError(f"is not a valid regular expression: {exc}") from None
    return value


def _limits(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict):
        raise ParamError("must be a mapping of document kind to a number of pages")
    names = {k.value for k in Kind} - {Kind.PRFAQ.value}
    out: list[tuple[str, int]] = []
    for kind, pages in value.items():
        if kind not in names:
            expected = ", ".join(sorted(names))
            raise ParamError(f"unknown kind {kind!r} (expected one of: {expected})", str(kind))
        try:
            out.append((kind, _positive_int(pages)))
        except ParamError as exc:
            raise ParamError(str(exc), kind) from None
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter of a check: its validator, and its default when it is optional."""

    validate: Callable[[object], Any]
    default: object = None
    required: bool = False
    extendable: bool = False


@dataclass(frozen=True, slots=True)
class CheckType:
    """A kind of check that rules can use: its parameters, message fields and builder."""

    name: str
    description: str
    params: Mapping[str, Param]
    fields: frozenset[str]
    message: str
    build: Callable[[Mapping[str, Any]], Check]


# -- helpers -------------------------------------------------------------------------------------


def _case_sensitive(words: Iterable[str]) -> re.Pattern[str] | None:
    body = alternation(words)
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])") if body else None  # noqa: RUF001


def _key(text: str) -> str:
    return " ".join(text.lower().split())


# -- words: weasel words, hedges, vague time ------------------------------------------------------


def _build_words(params: Mapping[str, Any]) -> Check:
    entries: tuple[tuple[str, str | None], ...] = params["words"]
    ignore_case: bool = params["ignore_case"]
    hints = {_key(w): h for w, h in entries if h}
    skip_headings: bool = params["skip_headings"]
    pattern = None if ignore_case else _case_sensitive(w for w, _ in entries)

    def run(prose: Prose, context: Context) -> Iterator[Hit]:
        if pattern is not None:
            spans: Spans = [m.span() for m in pattern.finditer(prose.masked)]
        else:
            spans = context.found("words")
        for start, end in spans:
            if skip_headings:
                region = prose.region_at(start)
                if region is not None and region.kind == "heading":
                    continue
            text = " ".join(prose.masked[start:end].split())
            yield Hit(start, end, {"match": text}, hints.get(_key(text)))

    if not ignore_case:
        return Check(run)
    return Check(run, {"words": frozenset(_key(w) for w, _ in entries)})


# -- needs-number: adjectives and adverbs with no number nearby --------------------------------


def _build_needs_number(params: Mapping[str, Any]) -> Check:
    entries: tuple[tuple[str, str | None], ...] = params["words"]
    hints = {_key(w): h for w, h in entries if h}
    window: int = params["window"]
    skip_headings: bool = params["skip_headings"]

    def run(prose: Prose, context: Context) -> Iterator[Hit]:
        numbers = [start for start, _ in context.found("numbers")]
        for start, end in context.found("words"):
            sentence = prose.sentence_at(start)
            if sentence is None or (skip_headings and sentence.heading):
                continue
            if _number_near(prose, numbers, sentence, start=start, end=end, window=window):
                continue
            text = " ".join(prose.masked[start:end].split())
            yield Hit(start, end, {"match": text, "window": window}, hints.get(_key(text)))

    return Check(
        run,
        {
            "words": frozenset(_key(w) for w, _ in entries),
            "numbers": frozenset(_key(w) for w in params["number_words"]),
        },
        digits=frozenset({"numbers"}),
    )


def _number_near(
    prose: Prose, found: list[int], sentence: Sentence, *, start: int, end: int, window: int
) -> bool:
    """Whether a number lies within ``window`` words of ``start:end``, in the sentence."""
    index = bisect.bisect_left(found, start)
    if index < len(found) and found[index] < sentence.end:
        after = found[index]
        if prose.count_words(end, after) < window:
            return True
    if index > 0 and found[index - 1] >= sentence.start:
        before = found[index - 1]
        if prose.count_words(before, start) <= window:
            return True
    return False


# -- sentence-length ---------------------------------------------------------------------------------


def _build_sentence_length(params: Mapping[str, Any]) -> Check:
    limit: int = params["max_words"]

    def check(prose: Prose, _context: Context) -> Iterator[Hit]:
        masked = prose.masked
        for sentence in prose.sentences:
            if sentence.heading:
                continue
            start, end = sentence.start, sentence.end
            # words never outnumber the gaps between them: skip the count for short sentences
            if masked.count(" ", start, end) + masked.count("\n", start, end) < limit:
                continue
            count = prose.count_words(start, end)
            if count > limit:
                yield Hit(start, end, {"words": count, "max": limit})

    return Check(check)


# -- acronyms ------------------------------------------------------------------------------------------

# starts with a capital (so the matcher can skip ahead), then looks back at what precedes it
_ACRONYM = re.compile(
    r"[A-Z](?<![\w&.-][A-Z])(?P<rest>[A-Z0-9]*(?:&[A-Z]+)?[A-Z0-9]*)(s?)(?![\w&-])"
)
_ROMAN = re.compile(r"X{0,3}(?:IX|IV|V?I{0,3})")


def _build_acronyms(params: Mapping[str, Any]) -> Check:
    allow = frozenset(params["allow"])
    max_length: int = params["max_length"]

    def check(prose: Prose, _context: Context) -> Iterator[Hit]:
        text = prose.masked
        first_seen: dict[str, tuple[int, int]] = {}
        first_body: dict[str, tuple[int, int]] = {}
        for match in _ACRONYM.finditer(text):
            word = text[match.start() : match.end("rest")]
            if (
                len(word) > max_length
                or word in allow
                or sum(c.isupper() for c in word) < 2
                or _ROMAN.fullmatch(word)
            ):
                continue
            if word in first_body:
                continue
            span = (match.start(), match.end())
            first_seen.setdefault(word, span)
            region = prose.region_at(match.start())
            if region is None or region.kind != "heading":
                first_body[word] = span
        for word, span in first_seen.items():
            start, end = first_body.get(word, span)
            before = text[max(0, start - 1) : start]
            after = text[end : end + 3].lstrip()
            if (before == "(" and text[end : end + 1] == ")") or after.startswith("("):
                continue
            yield Hit(start, start + len(word), {"match": word})

    return Check(check)


# -- passive voice -----------------------------------------------------------------------------------


_BE = frozenset({"am", "is", "are", "was", "were", "be", "been", "being"})


def _build_passive(params: Mapping[str, Any]) -> Check:
    exceptions = frozenset(w.lower() for w in params["exceptions"])
    irregular = alternation(w.lower() for w in params["participles"]) or "(?!)"
    after = (
        r"(?:\s+(?:not|never|also|just|already|\w+ly))?"
        rf"\s+(?P<verb>\w{{2,}}ed|{irregular})(?![\w'’-])"  # noqa: RUF001
    )
    pattern = re.compile(after)
    loose = re.compile(after, re.IGNORECASE)

    def run(prose: Prose, context: Context) -> Iterator[Hit]:
        text = prose.lower if prose.lower is not None else prose.masked
        follow = pattern if prose.lower is not None else loose
        for start, end in context.found("be"):
            match = follow.match(text, end)
            if match is None:
                continue
            verb = match.group("verb").lower()
            if verb in exceptions or verb.endswith("eed"):
                continue
            phrase = " ".join(prose.masked[start : match.end()].split())
            yield Hit(start, match.end(), {"match": phrase, "verb": verb})

    return Check(run, {"be": _BE})


# -- page-limit ----------------------------------------------------------------------------------------

_LABELS = {"press-release": "press release", "faq": "FAQ", "narrative": "narrative"}


def section_rules(params: Mapping[str, Any]) -> SectionRules:
    """The section headings and page limits of a page-limit rule's parameters."""
    return SectionRules(
        limits=dict(params["limits"]),
        faq_heading=params["faq_heading"],
        appendix_heading=params["appendix_heading"],
        uncounted_heading=params["uncounted_heading"],
    )


def _build_page_limit(params: Mapping[str, Any]) -> Check:
    sections = section_rules(params)

    def check(prose: Prose, context: Context) -> Iterator[Hit]:
        if context.kind is None:
            return
        result = measure(prose.source, context.kind, context.page, sections)
        for section in result.sections:
            if section.limit is None or section.overflow_line is None:
                continue
            line = section.overflow_line - 1
            start = prose.line_starts[line]
            end = max(prose.line_end(line), start)
            fields = {
                "section": _LABELS.get(section.name, section.name),
                "pages": section.pages,
                "limit": section.limit,
                "page": context.page.describe(),
                "words": section.overflow_words,
            }
            yield Hit(start, end, fields)

    return Check(check)


# -- the registry ------------------------------------------------------------------------------------

_WORD_PARAMS: dict[str, Param] = {
    "words": Param(_words, required=True, extendable=True),
    "ignore_case": Param(_bool, default=True),
    "skip_headings": Param(_bool, default=False),
}

CHECKS: Mapping[str, CheckType] = {
    check.name: check
    for check in (
        CheckType(
            name="words",
            description="Flags each word or phrase of a list.",
            params=_WORD_PARAMS,
            fields=frozenset({"match"}),
            message="'{match}' is on the list of words to avoid.",
            build=_build_words,
        ),
        CheckType(
            name="needs-number",
            description="Flags a word of a list when no number (digits, or one of "
            "`number_words`) is within `window` words in the same sentence.",
            params={
                "words": Param(_words, required=True, extendable=True),
                "window": Param(_positive_int, default=12),
                "number_words": Param(_strings, default=[], extendable=True),
                "skip_headings": Param(_bool, default=True),
            },
            fields=frozenset({"match", "window"}),
            message="'{match}' with no number nearby.",
            build=_build_needs_number,
        ),
        CheckType(
            name="sentence-length",
            description="Flags sentences longer than `max_words` words.",
            params={"max_words": Param(_positive_int, default=30)},
            fields=frozenset({"words", "max"}),
            message="This sentence has {words} words; the limit is {max}.",
            build=_build_sentence_length,
        ),
        CheckType(
            name="acronyms",
            description="Flags the first use of an acronym that is not defined there.",
            params={
                "allow": Param(_strings, default=[], extendable=True),
                "max_length": Param(_positive_int, default=6),
            },
            fields=frozenset({"match"}),
            message="'{match}' is not defined at its first use.",
            build=_build_acronyms,
        ),
        CheckType(
            name="passive",
            description="Flags a form of 'to be' followed by a past participle (a word ending "
            "in -ed, or one of `participles`), unless it is one of `exceptions`.",
            params={
                "participles": Param(_strings, default=[], extendable=True),
                "exceptions": Param(_strings, default=[], extendable=True),
            },
            fields=frozenset({"match", "verb"}),
            message="'{match}' is in the passive voice.",
            build=_build_passive,
        ),
        CheckType(
            name="page-limit",
            description="Lays the document out on the page and flags each part that runs "
            "past its page limit (only when the document kind is known).",
            params={
                "limits": Param(_limits, required=True),
                "faq_heading": Param(_regex, default=r"(?i)\b(faqs?|frequently asked questions)\b"),
                "appendix_heading": Param(_regex, default=r"(?i)^\s*(appendix|appendices)\b"),
                "uncounted_heading": Param(_regex, default=r"(?i)\bcustomer questions\b"),
            },
            fields=frozenset({"section", "pages", "limit", "page", "words"}),
            message="The {section} runs to {pages} pages; the limit is {limit}.",
            build=_build_page_limit,
        ),
    )
}
