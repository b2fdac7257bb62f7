"""Lint a Markdown document: run the enabled rules, honour inline comments, sort findings."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from dayone.prose._checks import CHECKS, Context, section_rules
from dayone.prose._errors import DocumentError
from dayone.prose._layout import PageMeasure, SectionRules, measure, render
from dayone.prose._lexicon import Key
from dayone.prose._model import Finding, Kind, Severity
from dayone.prose._rules import Rule, RuleSet, default_rules
from dayone.prose._text import Directive, Prose, normalise, split_front_matter

COMMENT_RULE = "lint-comment"
"""The rule id of findings about the inline comments themselves (an unknown rule name)."""

_VERBS = ("ignore", "disable", "enable")
_OPENING = frozenset("\"'“‘«")  # noqa: RUF001
_CLOSING = frozenset("\"'”’»")  # noqa: RUF001
_COMMENT = Rule(
    id=COMMENT_RULE,
    check="words",
    severity=Severity.WARNING,
    message="This lint comment has no effect.",
    suggestion=None,
    description="An inline lint comment that names no known rule, or no known verb.",
    pack="",
)


@dataclass(frozen=True, slots=True)
class _State:
    line: int
    all_off: bool
    off: frozenset[str]
    on: frozenset[str]

    def disabled(self, rule: str) -> bool:
        return rule in self.off or (self.all_off and rule not in self.on)


class _Suppressions:
    """Which rules the inline comments switch off, line by line."""

    def __init__(self, directives: Iterable[Directive], rules: RuleSet) -> None:
        self.ignored: dict[int, set[str] | None] = {}
        self.states: list[_State] = [_State(-1, False, frozenset(), frozenset())]
        self.problems: list[tuple[Directive, str]] = []
        for directive in directives:
            self._add(directive, rules)
        self.lines = [s.line for s in self.states]
        self.quiet = not self.ignored and len(self.states) == 1
        """True when no comment switches anything off."""

    def _names(self, directive: Directive, rules: RuleSet) -> set[str] | None:
        if not directive.rules or directive.rules == ("all",):
            return None
        out: set[str] = set()
        for name in directive.rules:
            ids = rules.expand(name)
            if not ids and name != COMMENT_RULE:
                known = ", ".join(sorted(rules.names))
                self.problems.append((directive, f"no rule or pack is called '{name}' ({known})"))
            out.update(ids)
        return out

    def _add(self, directive: Directive, rules: RuleSet) -> None:
        if directive.verb not in _VERBS:
            verbs = ", ".join(_VERBS)
            self.problems.append((directive, f"unknown verb '{directive.verb}' (use {verbs})"))
            return
        names = self._names(directive, rules)
        if directive.verb == "ignore":
            current = self.ignored.get(directive.target_line, set())
            if names is None or current is None:
                self.ignored[directive.target_line] = None
            else:
                current.update(names)
                self.ignored[directive.target_line] = current
            return
        last = self.states[-1]
        off_verb = directive.verb == "disable"
        if names is None:
            state = _State(directive.line, off_verb, frozenset(), frozenset())
        elif off_verb:
            state = _State(directive.line, last.all_off, last.off | names, last.on - names)
        else:
            state = _State(directive.line, last.all_off, last.off - names, last.on | names)
        self.states.append(state)

    def suppressed(self, rule: str, line: int) -> bool:
        ignored = self.ignored.get(line, set())
        if ignored is None or rule in ignored:
            return True
        state = self.states[bisect.bisect_right(self.lines, line) - 1]
        return state.disabled(rule)


def _finding(
    prose: Prose, rule: Rule, *, start: int, end: int, message: str, hint: str | None
) -> Finding:
    line, column = prose.position(start)
    if end <= prose.line_end(line - 1):
        end_line, end_column = line, column + end - start
    else:
        end_line, end_column = prose.position(end)
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        message=message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        offset=start,
        end_offset=end,
        suggestion=hint,
    )


def _mentioned(text: str, start: int, end: int) -> bool:
    """Whether a word or short phrase is quoted on its own, as in: avoid "soon". A word
    that is mentioned, not used, is not a finding; a quoted sentence is still checked."""
    return (
        start > 0
        and end < len(text)
        and text[start - 1] in _OPENING
        and text[end] in _CLOSING
        and text.count(" ", start, end) < 4
    )


def _found(found: dict[Key, list[tuple[int, int]]], rule: str, tag: str) -> list[tuple[int, int]]:
    return found.get((rule, tag), [])


def _kind(front_matter: dict[str, object], kind: Kind | str | None) -> Kind | None:
    if kind is not None:
        return Kind.parse(kind)
    declared = front_matter.get("kind")
    if declared is None:
        return None
    if not isinstance(declared, str):
        raise DocumentError("front matter: 'kind' must be text")
    return Kind.parse(declared)


def lint(
    text: str,
    *,
    kind: Kind | str | None = None,
    rules: RuleSet | None = None,
    pages: bool = True,
) -> list[Finding]:
    """Lint a Markdown document and return its findings, sorted by position.

    ``kind`` (``prfaq``, ``press-release``, ``faq`` or ``narrative``) turns on the page
    limits; without it, the ``kind:`` of the document's front matter is used, and without
    that the page limits are not checked. ``rules`` defaults to ``default_rules()``.
    ``pages=False`` skips the page limits even when the kind is known: laying the pages out
    takes longer than the other rules together, so an editor that lints on every keystroke
    can measure pages less often (``measure_pages``).

    Raises ``UnknownKindError`` for an unknown kind and ``DocumentError`` for a document
    that cannot be read (too large, broken front matter, a block that cannot be laid out).

    >>> [(f.column, f.rule) for f in lint("Deliveries are very fast.")]
    [(16, 'weasel-words'), (21, 'unquantified-claims')]
    >>> lint("Sales grew 14% in Q3, to $2.1M.")
    []
    """
    rules = rules if rules is not None else default_rules()
    prose = Prose(text)
    resolved = _kind(prose.front_matter, kind)
    found = rules.lexicon.scan(prose)
    suppressions = _Suppressions(prose.directives, rules)
    findings: list[Finding] = []
    quiet = suppressions.quiet
    for rule, check in rules.checks:
        if not pages and rule.check == "page-limit":
            continue
        context = Context(resolved, rules.page, partial(_found, found, rule.id))
        for hit in check.run(prose, context):
            if _mentioned(prose.masked, hit.start, hit.end):
                continue
            if not quiet and suppressions.suppressed(rule.id, prose.line_of(hit.start)):
                continue
            message = rule.message.format_map(hit.fields)
            hint = hit.suggestion
            if hint is None and rule.suggestion is not None:
                hint = rule.suggestion.format_map(hit.fields)
            findings.append(
                _finding(prose, rule, start=hit.start, end=hit.end, message=message, hint=hint)
            )
    for directive, problem in suppressions.problems:
        message = f"This lint comment has no effect: {problem}."
        findings.append(
            _finding(
                prose,
                _COMMENT,
                start=directive.offset,
                end=directive.end_offset,
                message=message,
                hint=None,
            )
        )
    findings.sort(key=lambda f: (f.offset, f.end_offset, f.rule))
    return findings


def _sections(rules: RuleSet) -> SectionRules:
    rule = rules.get("page-limit")
    if rule is not None and rule.check == "page-limit":
        return section_rules(rule.params)
    defaults = {
        name: param.validate(param.default) if name != "limits" else ()
        for name, param in CHECKS["page-limit"].params.items()
    }
    return section_rules(defaults)


def measure_pages(
    markdown: str, kind: Kind | str | None = None, *, rules: RuleSet | None = None
) -> PageMeasure:
    """Lay a Markdown document out on the page and count its pages, per part and in total.

    The page is ``rules.page`` (``PageSpec()`` by default: US Letter, one-inch margins,
    Times 11 pt); the parts and their limits come from the ``page-limit`` rule. The result
    is exactly what ``render_pdf`` prints.

    >>> measure_pages("# Title\\n\\nOne short paragraph.", "narrative").pages
    1
    """
    rules = rules if rules is not None else default_rules()
    resolved = _kind(split_front_matter(normalise(markdown))[0], kind)
    return measure(markdown, resolved, rules.page, _sections(rules))


def render_pdf(
    markdown: str,
    kind: Kind | str | None = None,
    *,
    rules: RuleSet | None = None,
    title: str = "",
) -> bytes:
    """Export a Markdown document to PDF, laid out as ``measure_pages`` measured it.

    HTML in the document is not rendered, and links keep only http, https and mailto
    targets. Each part with its own page limit starts on a new page.
    """
    rules = rules if rules is not None else default_rules()
    resolved = _kind(split_front_matter(normalise(markdown))[0], kind)
    return render(markdown, resolved, rules.page, _sections(rules), title).pdf


def sentences(text: str) -> list[tuple[str, int]]:
    """The sentences of a short text (headings left out), each with its number of words.

    Markdown, code and links are read as the linter reads them: a code span is no sentence.

    >>> sentences("We ship on 30 June. Why? Margin.")
    [('We ship on 30 June.', 5), ('Why?', 1), ('Margin.', 1)]
    """
    prose = Prose(text)
    return [
        (prose.source[s.start : s.end], prose.count_words(s.start, s.end))
        for s in prose.sentences
        if not s.heading
    ]
