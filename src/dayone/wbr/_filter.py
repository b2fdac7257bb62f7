"""Row filters for filtered metrics, written as in the WBR app: ``Country == 'US' and x > 3``.

The text is parsed with Python's ``ast`` into a small closed grammar (comparisons, ``in``,
``and``/``or``/``not``, column names, literals) and compiled to SQL with quoted identifiers and
escaped literals. Anything else is refused.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

_COMPARE = {
    ast.Eq: "=",
    ast.NotEq: "<>",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}


def quote_identifier(name: str) -> str:
    """A SQL identifier in double quotes, inner quotes doubled."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: object) -> str:
    """A SQL literal for a str, int, float or bool; anything else is refused."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise ValueError(f"unsupported literal {value!r}")


@dataclass(frozen=True, slots=True)
class Filter:
    """A parsed row filter."""

    text: str
    tree: ast.expr
    columns: tuple[str, ...]

    def to_sql(self, column_map: dict[str, str] | None = None) -> str:
        """The filter as a SQL boolean expression; ``column_map`` renames columns."""
        return _compile(self.tree, column_map or {})


def parse_filter(text: str) -> Filter:
    """Parse a filter; ``ValueError`` says what is not allowed."""
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ValueError(f"not a valid expression ({exc.msg})") from exc
    columns: list[str] = []
    _check(tree, columns)
    return Filter(text=text, tree=tree, columns=tuple(dict.fromkeys(columns)))


def _check(node: ast.expr, columns: list[str]) -> None:  # noqa: PLR0912
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            _check(value, columns)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, columns)
    elif isinstance(node, ast.Compare):
        for part in (node.left, *node.comparators):
            _check(part, columns)
        for op in node.ops:
            if type(op) not in _COMPARE and not isinstance(op, ast.In | ast.NotIn):
                raise ValueError(f"operator {type(op).__name__} is not allowed")
    elif isinstance(node, ast.Name):
        columns.append(node.id)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return
    elif isinstance(node, ast.List | ast.Tuple):
        for item in node.elts:
            if not isinstance(item, ast.Constant):
                raise ValueError("lists may hold literals only")
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        if not isinstance(node.operand, ast.Constant):
            raise ValueError("only numbers can be negated")
    else:
        raise ValueError(f"{type(node).__name__} is not allowed in a filter")


def _compile(node: ast.expr, column_map: dict[str, str]) -> str:
    if isinstance(node, ast.BoolOp):
        joiner = " AND " if isinstance(node.op, ast.And) else " OR "
        return "(" + joiner.join(_compile(v, column_map) for v in node.values) + ")"
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return f"(NOT {_compile(node.operand, column_map)})"
        return f"(-{_compile(node.operand, column_map)})"
    if isinstance(node, ast.Compare):
        parts: list[str] = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            lhs = _compile(left, column_map)
            if isinstance(op, ast.In | ast.NotIn):
                items = right.elts if isinstance(right, ast.List | ast.Tuple) else [right]
                values = ", ".join(_compile(i, column_map) for i in items)
                keyword = "IN" if isinstance(op, ast.In) else "NOT IN"
                parts.append(f"({lhs} {keyword} ({values}))")
            else:
                parts.append(f"({lhs} {_COMPARE[type(op)]} {_compile(right, column_map)})")
            left = right
        return "(" + " AND ".join(parts) + ")"
    if isinstance(node, ast.Name):
        return quote_identifier(column_map.get(node.id, node.id))
    if isinstance(node, ast.Constant):
        return sql_literal(node.value)
    raise ValueError(f"{type(node).__name__} is not allowed in a filter")  # pragma: no cover
