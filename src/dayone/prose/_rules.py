"""Rule packs: the rules are YAML data that a company can extend, change or switch off.

A pack file::

    pack: writing-bar                 # its name (used by `disable:` and inline comments)
    description: ...
    rules:
      - id: weasel-words              # lowercase letters, digits and hyphens
        check: words                  # one of the checks in dayone.prose.CHECKS
        severity: warning             # info | warning | error
        message: "'{match}' is a weasel word."
        suggestion: "Say how much, with a number."
        words: [nearly, very]         # the check's own parameters

A configuration file has the same shape, plus ``packs:`` (which packs to start from: the
names of built-in packs, or paths to YAML files relative to the configuration; all built-in
packs when absent), ``disable:`` (rule ids or pack names) and ``page:`` (the printed page).
A rule whose id already exists changes that rule: the fields given replace the pack's, and
``extend:`` adds items to a list parameter (``extend: {words: [synergy]}``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dayone.prose._checks import CHECKS, Check, CheckType, ParamError
from dayone.prose._errors import RuleConfigError
from dayone.prose._lexicon import Lexicon
from dayone.prose._model import PageSpec, Severity

BUILTIN_PACKS = ("writing-bar", "page-limits")
"""The packs that ship with dayone, in the order they are applied."""

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_RULE_KEYS = {
    "id",
    "check",
    "severity",
    "message",
    "suggestion",
    "description",
    "enabled",
    "extend",
}
_TOP_KEYS = {"pack", "description", "packs", "disable", "rules", "page"}
_PAGE_KEYS = {
    "size": str,
    "margin_pt": float,
    "font": str,
    "font_size": float,
    "line_spacing": float,
    "paragraph_space_pt": float,
}


@dataclass(frozen=True)
class Rule:
    """One rule: a check with its parameters, severity and wording.

    ``message`` and ``suggestion`` are templates: ``{match}`` and the other fields that the
    check names are filled in for each finding.
    """

    id: str
    check: str
    severity: Severity
    message: str
    suggestion: str | None
    description: str
    pack: str
    enabled: bool = True
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class RuleSet:
    """The rules a document is linted with, and the page it is measured on."""

    rules: tuple[Rule, ...]
    page: PageSpec = field(default_factory=PageSpec)
    packs: tuple[str, ...] = ()

    def get(self, rule_id: str) -> Rule | None:
        """The rule called ``rule_id``, enabled or not."""
        return next((r for r in self.rules if r.id == rule_id), None)

    @property
    def enabled(self) -> tuple[Rule, ...]:
        """The rules that run."""
        return tuple(r for r in self.rules if r.enabled)

    @cached_property
    def checks(self) -> tuple[tuple[Rule, Check], ...]:
        """The enabled rules with their built checks (built once per rule set)."""
        return tuple((rule, CHECKS[rule.check].build(rule.params)) for rule in self.enabled)

    @cached_property
    def lexicon(self) -> Lexicon:
        """The phrase lists of every enabled rule, compiled into one scan."""
        wanted = {
            (rule.id, tag): phrases
            for rule, check in self.checks
            for tag, phrases in check.phrases.items()
        }
        digits = [(rule.id, tag) for rule, check in self.checks for tag in check.digits]
        return Lexicon(wanted, digits)

    @cached_property
    def names(self) -> frozenset[str]:
        """Every rule id and pack name, as inline comments may use them."""
        return frozenset(r.id for r in self.rules) | frozenset(r.pack for r in self.rules)

    def expand(self, name: str) -> tuple[str, ...]:
        """The rule ids a name stands for: a rule id itself, or every rule of a pack."""
        if any(r.id == name for r in self.rules):
            return (name,)
        return tuple(r.id for r in self.rules if r.pack == name)


# -- YAML with line numbers ---------------------------------------------------------------------


class _Map(dict[Any, Any]):
    line = 0
    lines: dict[Any, int]


class _Seq(list[Any]):
    line = 0
    lines: list[int]


class _Loader(yaml.SafeLoader):
    pass


class _YamlKeyError(Exception):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise _YamlKeyError(line, "a key must be a plain value")
        if key in out:
            raise _YamlKeyError(line, f"duplicate key {key!r}")
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = line
    return out


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [child.start_mark.line + 1 for child in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_seq)


class _Source:
    """Where a piece of configuration comes from, for error messages."""

    def __init__(self, name: str) -> None:
        self.name = name

    def error(self, line: int, where: str, problem: str) -> RuleConfigError:
        place = f"{self.name}:{line}" if line else self.name
        return RuleConfigError(f"{place}: {where}: {problem}" if where else f"{place}: {problem}")


def _parse_yaml(text: str, source: _Source) -> _Map:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except _YamlKeyError as exc:
        raise source.error(exc.line, "", exc.problem) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", None) or str(exc)
        raise source.error(line, "", f"not valid YAML: {problem}") from None
    if data is None:
        data = _Map()
        data.lines = {}
    if not isinstance(data, _Map):
        raise source.error(1, "", "the file must be a YAML mapping (key: value lines)")
    return data


def _line(data: Any, key: Any) -> int:
    if isinstance(data, _Map):
        return data.lines.get(key, data.line)
    if isinstance(data, _Seq) and isinstance(key, int) and key < len(data.lines):
        return data.lines[key]
    return 0


# -- building rule sets -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """One rule entry of a pack being applied, with where it comes from."""

    data: _Map
    source: _Source
    where: str

    def error(self, key: str | None, problem: str) -> RuleConfigError:
        line = _line(self.data, key) if key is not None else self.data.line
        where = f"{self.where}.{key}" if key is not None else self.where
        return self.source.error(line, where, problem)


def _validate_param(entry: _Entry, check: CheckType, name: str, value: object, key: str) -> Any:
    try:
        return check.params[name].validate(value)
    except ParamError as exc:
        if exc.item is None:
            raise entry.error(key, str(exc)) from None
        line = _line(value, exc.item) or _line(entry.data, key)
        where = f"{entry.where}.{key}[{exc.item!r}]"
        raise entry.source.error(line, where, str(exc)) from None


def _params(entry: _Entry, check: CheckType, old: Rule | None) -> dict[str, Any]:
    params: dict[str, Any] = dict(old.params) if old else {}
    for name, param in check.params.items():
        if name in entry.data:
            params[name] = _validate_param(entry, check, name, entry.data[name], name)
        elif name not in params:
            if param.required:
                raise entry.error(None, f"the {check.name} check needs '{name}'")
            params[name] = param.validate(param.default)
    extend = entry.data.get("extend", {})
    if not isinstance(extend, dict):
        raise entry.error("extend", "must be a mapping")
    for name, items in extend.items():
        spec = check.params.get(name)
        if spec is None or not spec.extendable:
            lists = ", ".join(n for n, p in check.params.items() if p.extendable) or "none"
            raise entry.error("extend", f"'{name}' is not a list this check has ({lists})")
        added = _validate_param(entry, check, name, items, "extend")
        params[name] = tuple(params[name]) + tuple(added)
    return params


def _template(entry: _Entry, check: CheckType, key: str, template: object) -> str:
    if not isinstance(template, str) or not template.strip():
        raise entry.error(key, "must be a non-empty string")
    try:
        template.format_map(dict.fromkeys(check.fields, 1))
    except KeyError as exc:
        fields = ", ".join("{" + f + "}" for f in sorted(check.fields))
        raise entry.error(
            key, f"unknown field {{{exc.args[0]}}} (this check offers: {fields})"
        ) from None
    except (ValueError, IndexError) as exc:
        raise entry.error(key, f"is not a valid template: {exc}") from None
    return template


def _check_of(entry: _Entry, old: Rule | None) -> CheckType:
    name = entry.data.get("check", old.check if old else None)
    if name is None:
        raise entry.error(None, "a new rule needs a 'check'")
    if name not in CHECKS:
        raise entry.error("check", f"unknown check {name!r} ({', '.join(sorted(CHECKS))})")
    check = CHECKS[name]
    for key in entry.data:
        if key not in _RULE_KEYS and key not in check.params:
            valid = ", ".join(sorted(_RULE_KEYS | set(check.params)))
            raise entry.error(str(key), f"unknown field (valid fields: {valid})")
    return check


def _apply_rule(rules: dict[str, Rule], data: object, pack: str, entry_at: _Entry) -> None:
    if not isinstance(data, _Map):
        raise entry_at.error(None, "a rule must be a mapping with at least an 'id'")
    rule_id = data.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        entry = _Entry(data, entry_at.source, entry_at.where)
        raise entry.error("id", "must be lowercase letters, digits and hyphens")
    entry = _Entry(data, entry_at.source, f"{entry_at.where} ({rule_id})")
    old = rules.get(rule_id)
    check = _check_of(entry, old)
    if old is not None and old.check != check.name:
        old = None  # a different check: the rule is replaced, not changed
    params = _params(entry, check, old)
    try:
        severity = Severity.parse(str(data.get("severity", old.severity if old else "warning")))
    except RuleConfigError as exc:
        raise entry.error("severity", str(exc)) from None
    message = _template(
        entry, check, "message", data.get("message", old.message if old else check.message)
    )
    suggestion = data.get("suggestion", old.suggestion if old else None)
    if suggestion is not None:
        suggestion = _template(entry, check, "suggestion", suggestion)
    description = data.get("description", old.description if old else check.description)
    if not isinstance(description, str):
        raise entry.error("description", "must be text")
    enabled = data.get("enabled", old.enabled if old else True)
    if not isinstance(enabled, bool):
        raise entry.error("enabled", "must be true or false")
    rules[rule_id] = Rule(
        id=rule_id,
        check=check.name,
        severity=severity,
        message=message,
        suggestion=suggestion,
        description=" ".join(description.split()),
        pack=old.pack if old else pack,
        enabled=enabled,
        params=MappingProxyType(params),
    )


def _apply_pack(
    rules: dict[str, Rule], data: _Map, source: _Source, default_name: str, *, nested: bool
) -> str:
    for key in data:
        if key not in _TOP_KEYS:
            raise source.error(
                _line(data, key), str(key), f"unknown field (valid: {', '.join(sorted(_TOP_KEYS))})"
            )
        if nested and key in ("packs", "page", "disable"):
            raise source.error(_line(data, key), str(key), "is only allowed in the configuration")
    name = data.get("pack", default_name)
    if not isinstance(name, str) or not _ID.fullmatch(name):
        raise source.error(_line(data, "pack"), "pack", "must be lowercase letters and hyphens")
    entries = data.get("rules", [])
    if not isinstance(entries, list):
        raise source.error(_line(data, "rules"), "rules", "must be a list of rules")
    for index, item in enumerate(entries):
        at = _Map()
        at.line, at.lines = _line(entries, index), {}
        _apply_rule(rules, item, name, _Entry(at, source, f"rules[{index}]"))
    return name


def _builtin_text(name: str) -> str:
    return resources.files("dayone.prose").joinpath("packs", f"{name}.yaml").read_text("utf-8")


def _page(data: _Map, source: _Source) -> PageSpec:
    raw = data.get("page")
    if raw is None:
        return PageSpec()
    if not isinstance(raw, _Map):
        raise source.error(_line(data, "page"), "page", "must be a mapping")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        kind = _PAGE_KEYS.get(key)
        if kind is None:
            valid = ", ".join(_PAGE_KEYS)
            raise source.error(_line(raw, key), f"page.{key}", f"unknown field (valid: {valid})")
        ok = isinstance(value, str) if kind is str else isinstance(value, int | float)
        if not ok or isinstance(value, bool):
            need = "text" if kind is str else "a number"
            raise source.error(_line(raw, key), f"page.{key}", f"must be {need}")
        values[key] = kind(value)
    try:
        return PageSpec(**values)
    except RuleConfigError as exc:
        raise source.error(raw.line, "page", str(exc)) from None


def _build(data: _Map, source: _Source, base: Path | None) -> RuleSet:
    rules: dict[str, Rule] = {}
    wanted = data.get("packs", list(BUILTIN_PACKS))
    if not isinstance(wanted, list) or not all(isinstance(p, str) for p in wanted):
        raise source.error(_line(data, "packs"), "packs", "must be a list of pack names or paths")
    packs: list[str] = []
    for index, item in enumerate(wanted):
        if item in BUILTIN_PACKS:
            text, pack_source = _builtin_text(item), _Source(f"<built-in pack {item}>")
        else:
            path = Path(item) if base is None else base / item
            try:
                text = path.read_text("utf-8")
            except OSError as exc:
                where = f"packs[{index}]"
                problem = (
                    f"{item!r} is neither a built-in pack ({', '.join(BUILTIN_PACKS)}) "
                    f"nor a readable file: {exc.strerror or exc}"
                )
                raise source.error(_line(wanted, index), where, problem) from None
            pack_source = _Source(str(path))
        pack_data = _parse_yaml(text, pack_source)
        packs.append(_apply_pack(rules, pack_data, pack_source, Path(item).stem, nested=True))
    own = _apply_pack(rules, data, source, "config", nested=False)
    if data.get("rules") or "pack" in data:
        packs.append(own)
    disable = data.get("disable", [])
    if not isinstance(disable, list):
        raise source.error(_line(data, "disable"), "disable", "must be a list")
    names = {r.id for r in rules.values()} | {r.pack for r in rules.values()}
    for index, name in enumerate(disable):
        if name not in names:
            known = ", ".join(sorted(names))
            raise source.error(
                _line(disable, index),
                f"disable[{index}]",
                f"no rule or pack is called {name!r} (known: {known})",
            )
        for rule_id, rule in list(rules.items()):
            if name in (rule_id, rule.pack):
                rules[rule_id] = replace(rule, enabled=False)
    return RuleSet(rules=tuple(rules.values()), page=_page(data, source), packs=tuple(packs))


def parse_rules(
    text: str, *, source: str = "<rules>", base: str | os.PathLike[str] | None = None
) -> RuleSet:
    """Build a rule set from configuration YAML text.

    ``source`` names the text in error messages; ``base`` is the folder that pack paths in
    ``packs:`` are relative to. Raises ``RuleConfigError`` naming the line and field of the
    first problem.

    >>> rules = parse_rules("disable: [passive-voice]")
    >>> rules.get("passive-voice").enabled
    False
    """
    origin = _Source(source)
    return _build(_parse_yaml(text, origin), origin, Path(base) if base is not None else None)


def load_rules(path: str | os.PathLike[str]) -> RuleSet:
    """Load a rule set from a YAML configuration or pack file.

    Raises ``RuleConfigError`` naming the file (and line and field) when the file cannot be
    read or is invalid.
    """
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RuleConfigError(f"{file}: cannot read the rules: {reason}") from None
    return parse_rules(text, source=str(file), base=file.parent)


@cache
def default_rules() -> RuleSet:
    """The built-in rule set: every built-in pack, as shipped."""
    return parse_rules("", source="<default rules>")
