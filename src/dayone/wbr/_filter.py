"""Row filters for filtered metrics, written as in the WBR app: ``Country == 'US' and x > 3``.

The text is parsed with Python's ``ast`` into a small closed grammar (comparisons, ``in``,
``and``/``or``/``not``, column names, literals) and compiled to SQL with quoted identifiers and
escaped literals. Anything else is refused.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dayone.warehouse import quote_name

if TYPE_CHECKING:
    import ibis.expr.types as ir

_COMPARE = {
    ast.Eq: "=",
    ast.NotEq: "<>",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
}


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

    def to_ibis(self, table: ir.Table, column_map: dict[str, str] | None = None) -> ir.BooleanValue:
        """The filter as an Ibis boolean over ``table``, portable to every warehouse engine."""
        result: ir.BooleanValue = _to_ibis(self.tree, table, column_map or {})
        return result


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
        return quote_name(column_map.get(node.id, node.id))
    if isinstance(node, ast.Constant):
        return sql_literal(node.value)
    raise ValueError(f"{type(node).__name__} is not allowed in a filter")  # pragma: no cover


_IBIS_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


def _ibis_value(node: ast.expr, table: ir.Table, column_map: dict[str, str]) -> Any:
    import ibis

    if isinstance(node, ast.Name):
        return table[column_map.get(node.id, node.id)]
    if isinstance(node, ast.Constant):
        return ibis.literal(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_ibis_value(node.operand, table, column_map)
    return _to_ibis(node, table, column_map)


def _to_ibis(node: ast.expr, table: ir.Table, column_map: dict[str, str]) -> Any:
    import ibis

    if isinstance(node, ast.BoolOp):
        values = [_to_ibis(v, table, column_map) for v in node.values]
        combine = operator.and_ if isinstance(node.op, ast.And) else operator.or_
        result = values[0]
        for value in values[1:]:
            result = combine(result, value)
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ~_to_ibis(node.operand, table, column_map)
    if isinstance(node, ast.Compare):
        parts = []
        left = node.left
        for op, right in zip(node.ops, node.comparators, strict=True):
            lhs = _ibis_value(left, table, column_map)
            if isinstance(op, ast.In | ast.NotIn):
                items = right.elts if isinstance(right, ast.List | ast.Tuple) else [right]
                values = [_ibis_value(i, table, column_map) for i in items]
                member = lhs.isin(values)
                parts.append(member if isinstance(op, ast.In) else ~member)
            else:
                parts.append(_IBIS_COMPARE[type(op)](lhs, _ibis_value(right, table, column_map)))
            left = right
        result = parts[0]
        for part in parts[1:]:
            result = result & part
        return result
    return ibis.literal(True) & _ibis_value(node, table, column_map)
