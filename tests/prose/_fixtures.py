"""Reader for the lint fixture files: Markdown inputs with the findings expected of them.

A fixture file holds cases::

    === what the case shows
    <markdown, any number of lines>
    --- expect rule-a rule-b
    <line>:<column> <rule> <the text the finding spans>
    (none)

Only findings of the rules named on the ``--- expect`` line are compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    file: str
    title: str
    text: str
    rules: tuple[str, ...]
    expected: tuple[tuple[int, int, str, str], ...]

    @property
    def id(self) -> str:
        return f"{self.file}: {self.title}"


def _expected(line: str, where: str) -> tuple[int, int, str, str]:
    position, rule, *rest = line.split(" ", 2)
    row, column = position.split(":")
    return int(row), int(column), rule, rest[0] if rest else ""


def read_cases(folder: str) -> list[Case]:
    cases: list[Case] = []
    for path in sorted((FIXTURES / folder).glob("*.md")):
        blocks = path.read_text("utf-8").split("=== ")[1:]
        for block in blocks:
            title, _, rest = block.partition("\n")
            text, _, expect = rest.partition("--- expect ")
            header, _, body = expect.partition("\n")
            lines = [x for x in body.rstrip("\n").split("\n") if x.strip() and x != "(none)"]
            # a finding's text may span lines: continuation lines do not start with "n:n "
            merged: list[str] = []
            for line in lines:
                head = line.split(" ", 1)[0]
                if ":" in head and head.replace(":", "").isdigit():
                    merged.append(line)
                else:
                    merged[-1] += "\n" + line
            cases.append(
                Case(
                    file=path.name,
                    title=title.strip(),
                    text=text,
                    rules=tuple(header.split()),
                    expected=tuple(_expected(m, path.name) for m in merged),
                )
            )
    return cases
