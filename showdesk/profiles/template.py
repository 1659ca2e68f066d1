"""The placeholders of a profile command: `{name}`, `{name:02}`, `{(scene-1)//128}`, `{/name}`.

A placeholder holds a parameter's name or a small whole-number expression over parameters
(`+ - * // %`, parentheses, whole-number literals), optionally followed by `:N` or `:0N` (pad to
N characters, with zeros for `0N`). `{/name}` is an optional level of an OSC address: `/` and the
value, or nothing at all when the value is empty (grandMA3's prefix, which may be blank).
Expressions are read with `ast` and evaluated here; nothing in a profile file is ever run as
Python.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from cues.text import format_number

Value = int | float | str
PLACEHOLDER = re.compile(r"\{(/?)([^{}:/][^{}:]*)(?::(0?[0-9]{1,2}))?\}")
_ALLOWED = (
    ast.Expression, ast.Name, ast.Load, ast.BinOp, ast.UnaryOp, ast.USub,
    ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod,
)  # fmt: skip


def names(template: str) -> set[str]:
    """The parameter names a template uses (ValueError if a placeholder is not an expression)."""
    found: set[str] = set()
    for match in PLACEHOLDER.finditer(template):
        tree = _parse(match.group(2))
        found |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    leftover = PLACEHOLDER.sub("", template)
    if "{" in leftover or "}" in leftover:
        raise ValueError(f"{template!r} has a '{{' or '}}' that is not a placeholder")
    return found


def _parse(expression: str) -> ast.Expression:
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"{{{expression}}} is not a parameter name or expression") from None
    for node in ast.walk(tree):
        allowed = isinstance(node, _ALLOWED)
        if isinstance(node, ast.Constant):
            allowed = isinstance(node.value, int) and not isinstance(node.value, bool)
        if not allowed:
            raise ValueError(
                f"{{{expression}}}: only parameter names, whole numbers and + - * // % are allowed"
            )
    return tree


def evaluate(expression: str, values: Mapping[str, Value]) -> Value:
    """The value of one placeholder's expression."""
    return _eval(_parse(expression).body, values, expression)


def _eval(node: ast.expr, values: Mapping[str, Value], expression: str) -> Value:
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ValueError(f"{{{expression}}} names {node.id!r}, which is not a parameter")
        return values[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp):
        return -_whole(_eval(node.operand, values, expression), expression)
    assert isinstance(node, ast.BinOp)
    left = _whole(_eval(node.left, values, expression), expression)
    right = _whole(_eval(node.right, values, expression), expression)
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if right == 0:
        raise ValueError(f"{{{expression}}} divides by zero")
    return left // right if isinstance(node.op, ast.FloorDiv) else left % right


def _whole(value: Value, expression: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{{{expression}}}: arithmetic needs whole numbers, got {value!r}")
    return value


def text_of(value: Value) -> str:
    if isinstance(value, float):
        return format_number(value)
    return str(value)


def render(template: str, values: Mapping[str, Value], *, safe: str | None = None) -> str:
    """The template with each placeholder replaced by its value's text.

    With `safe` (a regex), every substituted piece must match it: a value going into an OSC
    address cannot add a `/` or a space to it.
    """

    def replace(match: re.Match[str]) -> str:
        level, expression, width = match.groups()
        value = evaluate(expression, values)
        if width:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{match.group(0)}: padding needs a whole number, got {value!r}")
            text = format(value, width)
        else:
            text = text_of(value)
        if level and not text:
            return ""  # an optional address level left blank: no `/` either
        if safe is not None and not re.fullmatch(safe, text):
            raise ValueError(f"{text!r} cannot go in an OSC address (from {match.group(0)})")
        return level + text

    return PLACEHOLDER.sub(replace, template)


def single(template: str) -> str | None:
    """The expression when the template is one placeholder and nothing else (keeps its type)."""
    match = PLACEHOLDER.fullmatch(template)
    if match is None or match.group(1) or match.group(3):
        return None
    return match.group(2)
