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


def _glued(expression: str) -> bool:
    """Whether ``expression`` concatenates with ``||`` (a token, not inside a literal),
    other than as the arguments of ``format()``."""
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
