"""One pass for every word list: the phrases of all rules, matched together.

Word lists are the bulk of the rules (weasel words, unquantified adjectives, vague time,
number words, the verb "to be"). Scanning the text once with the union of all of them is
several times faster than one scan per rule. Each phrase knows which rules asked for it; a
phrase that contains another listed phrase (``in the near future`` and ``near future``)
reports both.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from dayone.prose._text import Prose

Key = tuple[str, str]
"""Who asked for a phrase: (rule id, the check's own tag for the list)."""

_DIGITS = "\x00digits"


def phrase_key(text: str) -> str:
    """The lookup form of a phrase: lower case, single spaces."""
    return " ".join(text.lower().split())


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression that matches any of the phrases, longest first, with a space
    matching any run of white space (so a phrase can run over a line break).

    The phrases are arranged as a trie, so that the matcher tries one branch per letter
    instead of every phrase at every position.

    >>> alternation(["be", "been", "being", "by"])
    '(?:b(?:e(?:en|ing)?|y))'
    """
    root: dict[str, Any] = {}
    for phrase in phrases:
        node = root
        for char in " ".join(phrase.split()):
            node = node.setdefault(char, {})
        if node is not root:
            node[""] = {}
    return f"(?:{_trie(root)})" if root else ""


def _trie(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    optional = "" in node
    if len(branches) == 1 and not optional:
        return branches[0]
    body = "|".join(branches)
    return f"(?:{body})?" if optional else f"(?:{body})"


class Lexicon:
    """The union of the phrase lists of a rule set, compiled once."""

    def __init__(self, wanted: Mapping[Key, Iterable[str]], digits: Iterable[Key] = ()) -> None:
        own: dict[str, list[Key]] = defaultdict(list)
        for key, phrases in wanted.items():
            for phrase in phrases:
                words = phrase_key(phrase)
                if words and key not in own[words]:
                    own[words].append(key)
        # entries: (who, first word, number of words); None for the whole match
        owners: dict[str, list[tuple[Key, int | None, int]]] = {
            phrase: [(key, None, 0) for key in keys] for phrase, keys in own.items()
        }
        # a listed phrase inside a longer listed phrase: report it when the longer one matches
        for longer, keys in own.items():
            parts = longer.split()
            taken: list[tuple[Key, int, int]] = []
            for size in range(len(parts) - 1, 0, -1):  # longest first: keep maximal ones
                for first in range(len(parts) - size + 1):
                    inner = " ".join(parts[first : first + size])
                    for key in own.get(inner, ()):
                        inside = any(
                            k == key and f <= first and first + size <= f + n for k, f, n in taken
                        )
                        if key not in keys and not inside:
                            taken.append((key, first, size))
            owners[longer].extend(taken)
        self.owners = owners
        self.digits = tuple(digits)
        body = alternation(self.owners)
        pieces = []
        if self.digits:
            pieces.append(r"\d+")
        if body:
            pieces.append(rf"{body}(?![\w-])")
        self.pattern = re.compile(r"\b(?:" + "|".join(pieces) + ")") if pieces else None

    def scan(self, prose: Prose) -> dict[Key, list[tuple[int, int]]]:
        """Every match in the prose of a document, by who asked for it, in text order."""
        found: dict[Key, list[tuple[int, int]]] = {}
        if self.pattern is None:
            return found
        if prose.lower is not None:
            matches = self.pattern.finditer(prose.lower)
        else:  # lower-casing would move offsets: match the masked text, ignoring case
            matches = re.compile(self.pattern.pattern, re.IGNORECASE).finditer(prose.masked)
        # the lists each phrase appends to, when it matches as a whole (the common case)
        for entries in self.owners.values():
            for key, _, _ in entries:
                found.setdefault(key, [])
        for key in self.digits:
            found.setdefault(key, [])
        targets = {
            phrase: [found[key] for key, first, _ in entries if first is None]
            for phrase, entries in self.owners.items()
        }
        inner = {
            phrase: [(found[key], first, size) for key, first, size in entries if first is not None]
            for phrase, entries in self.owners.items()
        }
        digits = [found[key] for key in self.digits]
        for match in matches:
            text = match.group()
            lists = targets.get(text)
            if lists is None:
                if text[0].isdigit():
                    lists = digits
                else:  # a phrase written over a line break, or in capitals
                    text = phrase_key(text)
                    lists = targets.get(text, [])
            span = match.span()
            for target in lists:
                target.append(span)
            for target, first, size in inner.get(text, ()):
                start = span[0]
                spans = [m.span() for m in re.finditer(r"\S+", match.group())]
                target.append((start + spans[first][0], start + spans[first + size - 1][1]))
        return found
