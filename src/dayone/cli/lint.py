"""``dayone lint``: check documents against the writing bar, locally or in CI."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from dayone import prose
from dayone.prose import (
    Finding,
    Kind,
    ProseError,
    RuleSet,
    Severity,
    default_rules,
    load_rules,
    measure_pages,
    report_json,
    report_sarif,
    report_text,
)

CONFIG_NAMES = ("dayone-lint.yaml", ".dayone-lint.yaml")
"""Configuration files looked for in the current folder when ``--config`` is not given."""


class Format(enum.StrEnum):
    """Output formats."""

    TEXT = "text"
    JSON = "json"
    SARIF = "sarif"


def _fail(message: str) -> NoReturn:
    typer.secho(f"dayone lint: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(2)


def _rules(config: Path | None) -> RuleSet:
    if config is None:
        found = next((Path(n) for n in CONFIG_NAMES if Path(n).is_file()), None)
        if found is None:
            return default_rules()
        config = found
    try:
        return load_rules(config)
    except ProseError as exc:
        _fail(str(exc))


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        _fail(f"cannot read {path}: it is not UTF-8 text")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")


def _pages(path: str, text: str, kind: Kind | None, rules: RuleSet) -> list[str]:
    """One line per part of the document that has a page limit."""
    rule = rules.get("page-limit")
    if rule is None or not rule.enabled:
        return []
    measure = measure_pages(text, kind, rules=rules)  # laid out already by lint: cached
    if measure.kind is None:
        return []
    return [
        f"{path}: {s.name} {s.pages} page{'s' if s.pages != 1 else ''}"
        + (f" (limit {s.limit})" if s.limit is not None else "")
        for s in measure.sections
    ]


def lint(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Markdown files to check ('-' reads standard input).", show_default=False
        ),
    ],
    kind: Annotated[
        Kind | None,
        typer.Option(
            help="Document kind, for page limits (else the 'kind:' of the front matter).",
            case_sensitive=False,
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", help="Output format.", case_sensitive=False)
    ] = Format.TEXT,
    fail_on: Annotated[
        Severity,
        typer.Option(
            help="Exit with 1 when a finding is at least this severe.", case_sensitive=False
        ),
    ] = Severity.WARNING,
    config: Annotated[
        Path | None,
        typer.Option(
            help="Rule configuration (YAML). Default: ./dayone-lint.yaml if there is one.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check documents against the writing bar: weasel words, numbers, sentence length,
    acronyms, vague time, passive voice and page limits.

    Exits with 0 when clean, 1 when a finding is at least --fail-on, 2 on bad input.
    """
    rules = _rules(config)
    results: dict[str, list[Finding]] = {}
    pages: list[str] = []
    for path in files:
        name = "<stdin>" if str(path) == "-" else str(path)
        text = _read(path)
        try:
            results[name] = prose.lint(text, kind=kind, rules=rules)
        except ProseError as exc:
            _fail(f"{name}: {exc}")
        if output_format is Format.TEXT:
            pages.extend(_pages(name, text, kind, rules))
    if output_format is Format.JSON:
        typer.echo(report_json(results))
    elif output_format is Format.SARIF:
        typer.echo(report_sarif(results, rules))
    else:
        report = report_text(results)
        typer.echo("\n".join([*pages, report]) if pages else report)
    if any(f.severity >= fail_on for findings in results.values() for f in findings):
        raise typer.Exit(1)
