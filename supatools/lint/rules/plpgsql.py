"""Dynamic SQL in a PL/pgSQL body, read with PL/pgSQL's own parser."""

from __future__ import annotations

import json
import re
from typing import Any

_CONCAT_EXECUTE = re.compile(r"\bEXECUTE\s+(?!format\s*\()[^;]*?\|\|", re.IGNORECASE | re.DOTALL)
_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _plpgsql_tree(body: str) -> Any:
    """The PL/pgSQL parse of ``body``, or None when the parser cannot take it."""
    from pglast import parser

    for returns in ("void", "SETOF record", "record"):  # RETURN QUERY needs SETOF, ...
        wrapper = (
            f"CREATE FUNCTION f() RETURNS {returns} LANGUAGE plpgsql "
            f"AS $supatools_body${body}$supatools_body$"
        )
        try:
            return json.loads(parser.parse_plpgsql_json(wrapper))
        except Exception:  # unknown variables (parameters) and such
            continue
    return None


#: functions whose result is safe to glue into SQL text: they quote what they are given
_QUOTING = frozenset({"quote_ident", "quote_literal", "quote_nullable"})
#: a format() placeholder: %[position$][flags][width]type
_PLACEHOLDER = re.compile(r"%(?:\d+\$)?-?(?:\d+|\*(?:\d+\$)?)?(.)")


def _safe_format(call: dict[str, Any]) -> bool:
    """format() whose every placeholder quotes (%I, %L), or whose arguments are all
    constants."""
    args = call.get("args", [])
    if all("A_Const" in a for a in args):
        return True
    pattern = (args[0].get("A_Const", {}).get("sval", {}) or {}).get("sval") if args else None
    return isinstance(pattern, str) and all(t in "IL%" for t in _PLACEHOLDER.findall(pattern))


def _safe(node: dict[str, Any]) -> bool:
    """Whether an operand of ``||`` cannot carry a caller's value into the SQL text
    unquoted: a constant, a cast of a safe value, quote_ident/quote_literal/
    quote_nullable(...), format() with %I/%L only, or a concatenation of such."""
    ((kind, fields),) = node.items()
    if kind == "A_Const":
        return True
    if kind == "TypeCast":
        return _safe(fields.get("arg", {}))
    if kind == "A_Expr" and [n["String"]["sval"] for n in fields.get("name", [])] == ["||"]:
        return _safe(fields.get("lexpr", {})) and _safe(fields.get("rexpr", {}))
    if kind == "FuncCall":
        name = [n["String"]["sval"] for n in fields.get("funcname", []) if "String" in n]
        if name and name[-1].lower() in _QUOTING:
            return True
        if name and name[-1].lower() == "format":
            return _safe_format(fields)
    return False


def _glued(expression: str) -> bool:
    """Whether ``expression`` concatenates with ``||`` (an operator, not inside a literal)
    a value that is not quoted (see :func:`_safe`), other than as the arguments of a
    ``format()``. Read as ``SELECT expression`` by PostgreSQL's parser; an expression
    it cannot take falls back to looking for a ``||`` token."""
    from pglast import parser

    try:
        tree = json.loads(parser.parse_sql_json("SELECT " + expression))
        target = tree["stmts"][0]["stmt"]["SelectStmt"]["targetList"]
        ((value,),) = [[t["ResTarget"]["val"] for t in target]]
    except Exception:
        return _glued_tokens(expression)
    top = value.get("FuncCall", {})
    if [n.get("String", {}).get("sval") for n in top.get("funcname", [])][-1:] == ["format"]:
        return False
    return '"||"' in json.dumps(value) and not _safe(value)


def _glued_tokens(expression: str) -> bool:
    """The fallback of :func:`_glued`: a ``||`` among the expression's tokens."""
    from pglast import parser

    try:
        tokens = parser.scan(expression)
    except Exception:
        return "||" in expression
    return any(
        t.name == "Op" and expression[t.start : t.end + 1] == "||" for t in tokens
    ) and not expression.lstrip().lower().startswith("format")


def _executes_concatenation(body: str) -> bool:
    """Whether a PL/pgSQL body EXECUTEs a string glued together with ``||`` from values
    (not ``format()`` with %I/%L, not ``USING``): read with PL/pgSQL's own parser, the
    ``||`` found among the expression's tokens (inside a literal it is SQL text), and an
    ``EXECUTE var`` of a variable assigned such a concatenation counts too. A body the
    parser cannot take falls back to a pattern over the code without its comments."""
    tree = _plpgsql_tree(body)
    if tree is None:
        return bool(_CONCAT_EXECUTE.search(_COMMENTS.sub(" ", body)))
    executed: list[str] = []
    concatenated: set[str] = set()
    stack: list[Any] = [tree]
    while stack:  # depth first, in document order
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("PLpgSQL_stmt_dynexecute", "PLpgSQL_stmt_return_query"):
                    # RETURN QUERY SELECT ... is static SQL; only ... EXECUTE is dynamic
                    dynamic = "query" if key == "PLpgSQL_stmt_dynexecute" else "dynquery"
                    query = value.get(dynamic) or {}
                    text = query.get("PLpgSQL_expr", {}).get("query")
                    if isinstance(text, str):
                        executed.append(text)
                elif key == "PLpgSQL_stmt_assign":
                    text = value.get("expr", {}).get("PLpgSQL_expr", {}).get("query", "")
                    target, _, expression = str(text).partition(":=")
                    if expression and _glued(expression):
                        concatenated.add(target.strip().lower())
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return any(_glued(text) or text.strip().lower() in concatenated for text in executed)
