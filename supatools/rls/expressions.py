"""Policy expressions read with PostgreSQL's own parser (pglast), never by substring.

The catalog gives each policy's USING / WITH CHECK as ``pg_get_expr`` prints it (with an
empty search_path, so everything outside pg_catalog is schema-qualified). Parsing that
text tells apart the row's own column named ``user_metadata`` from
``auth.jwt() -> 'user_metadata'``, and says which expressions are free of columns,
sub-queries, function calls and user-defined operators or types: those have one value
for every row, which the server can compute exactly (``constant_candidates``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: operators that take a member of a JSON document by key or path
_MEMBER = frozenset({"->", "->>"})
_PATH = frozenset({"#>", "#>>"})


@lru_cache(maxsize=256)
def _tree(expression: str) -> Any:
    """The parse tree of an expression, or None when it does not parse on its own."""
    from pglast import parser

    try:
        document = json.loads(parser.parse_sql_json(f"SELECT {expression}"))
        return document["stmts"][0]["stmt"]["SelectStmt"]["targetList"][0]["ResTarget"]["val"]
    except Exception:  # noqa: BLE001 - any text the parser refuses is "not understood"
        return None


def _nodes(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every (node type, fields) in the tree, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key[:1].isupper() and isinstance(value, dict):
                yield key, value
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def _names(field: Any) -> list[str]:
    return [n["String"]["sval"] for n in field or () if "String" in n]


def _string_constant(node: Any) -> str | None:
    """The text of a string constant, through any casts."""
    while isinstance(node, dict) and "TypeCast" in node:
        node = node["TypeCast"].get("arg")
    if isinstance(node, dict) and "A_Const" in node:
        value = node["A_Const"].get("sval")
        if isinstance(value, dict):
            return str(value.get("sval", ""))
    return None


def _is_jwt_source(node: Any) -> bool:
    """Whether the claims of the caller's JWT flow into ``node``: ``auth.jwt()`` or the
    ``request.jwt.claim(s)`` settings PostgREST sets."""
    for kind, fields in _nodes(node):
        if kind != "FuncCall":
            continue
        name = _names(fields.get("funcname"))
        if name in (["auth", "jwt"], ["jwt"]):
            return True
        if name[-1:] == ["current_setting"]:
            args = fields.get("args") or []
            setting = _string_constant(args[0]) if args else None
            if setting is not None and setting.startswith("request.jwt.claim"):
                return True
    return False


@lru_cache(maxsize=65536)
def reads_user_metadata(expression: str) -> bool:
    """Whether the expression takes ``user_metadata`` out of the caller's JWT claims.

    ``auth.jwt() -> 'user_metadata'``, ``current_setting('request.jwt.claims')::jsonb ->
    'user_metadata'`` and the path forms (``#> '{user_metadata,role}'``) do; a column of
    the row that happens to be named ``user_metadata`` does not. An expression the
    parser cannot read falls back to the substring, so nothing is missed silently.
    """
    if "user_metadata" not in expression and "raw_user_meta_data" not in expression:
        return False  # the key must be spelled somewhere: no parse needed
    tree = _tree(expression)
    if tree is None:
        return True
    return tree_reads_user_metadata(tree)


def _first_key(fields: dict[str, Any]) -> str | None:
    """The key a ``->``/``->>`` takes, or the first key of a ``#>``/``#>>`` path."""
    operator = (_names(fields.get("name")) or [""])[-1]
    key = _string_constant(fields.get("rexpr"))
    if key is None:
        return None
    if operator in _MEMBER:
        return key
    if operator in _PATH:  # a text[] literal: '{user_metadata,role}'
        return key.strip("{}").split(",")[0].strip(' "')
    return None


#: node types that make an expression depend on the row, the session or user code
_NOT_CONSTANT = frozenset(
    {"ColumnRef", "SubLink", "FuncCall", "ParamRef", "A_Indirection", "CurrentOfExpr"}
)
_CONSTANT_FORMS = frozenset({"SQLValueFunction"})  # current_user etc. vary by session


@lru_cache(maxsize=65536)
def is_constant(expression: str) -> bool:
    """Whether the expression has one value for every row and every caller: only
    constants, built-in operators and casts to built-in types (no columns, sub-queries,
    function calls, session values, or anything qualified outside pg_catalog)."""
    tree = _tree(expression)
    if tree is None:
        return False
    for kind, fields in _nodes(tree):
        if kind in _NOT_CONSTANT or kind in _CONSTANT_FORMS:
            return False
        if kind == "A_Expr":
            name = _names(fields.get("name"))
            if len(name) > 1 and name[0] != "pg_catalog":
                return False  # a user-defined operator: its function could do anything
        if kind == "TypeCast":
            type_name = _names((fields.get("typeName") or {}).get("names"))
            if len(type_name) > 1 and type_name[0] != "pg_catalog":
                return False
    return True


@dataclass(frozen=True)
class Body:
    """A function body, parsed: its SQL trees and the types its PL/pgSQL declares."""

    trees: tuple[Any, ...]
    declared_types: frozenset[str]
    has_record: bool  # a PL/pgSQL record or a type the parser could not name
    #: the query expressions of its dynamic EXECUTEs (PL/pgSQL), as written
    dynamic: tuple[str, ...] = ()


@lru_cache(maxsize=1024)
def parse_body(language: str, body: str, arguments: str = "", returns: str = "void") -> Body | None:
    """The body's SQL trees, or None when it cannot be read (another language, or text the
    parser refuses). ``arguments`` and ``returns`` are ``pg_get_function_arguments`` /
    ``_result``: the PL/pgSQL parser needs the real signature. SQL bodies are parsed whole;
    PL/pgSQL bodies through pglast's PL/pgSQL parser, each embedded query or expression
    then parsed as SQL."""
    from pglast import parser

    trees: list[Any] = []
    declared: set[str] = set()
    dynamic: list[str] = []
    record = False
    try:
        if language == "sql":
            trees.append(json.loads(parser.parse_sql_json(body)))
        elif language == "plpgsql":
            if "$supatools$" in body:
                return None
            wrapper = (
                f"CREATE FUNCTION f({arguments}) RETURNS {returns} LANGUAGE plpgsql AS "
                f"$supatools$\n{body}\n$supatools$"
            )
            function = json.loads(parser.parse_plpgsql_json(wrapper))
            for kind, fields in _nodes(function):
                if kind == "PLpgSQL_expr":
                    query = str(fields.get("query", ""))
                    mode = int(fields.get("parseMode", 0))
                    text = query if mode == 0 else f"SELECT {query}"
                    trees.append(json.loads(parser.parse_sql_json(text)))
                elif kind == "PLpgSQL_type":
                    declared.add(str(fields.get("typname", "")))
                elif kind == "PLpgSQL_rec":
                    record = True
                elif kind == "PLpgSQL_stmt_dynexecute":
                    expr = (fields.get("query") or {}).get("PLpgSQL_expr") or {}
                    dynamic.append(str(expr.get("query", "")))
        else:
            return None
    except Exception:  # noqa: BLE001 - unreadable: callers stay conservative
        return None
    return Body(tuple(trees), frozenset(declared), record, tuple(dynamic))


def tree_reads_user_metadata(tree: Any) -> bool:
    """Whether any expression in ``tree`` takes user_metadata out of the caller's JWT, or
    reads ``raw_user_meta_data`` (auth.users' column of it, which every user edits)."""
    for kind, fields in _nodes(tree):
        if kind == "A_Expr" and _first_key(fields) == "user_metadata":
            if _is_jwt_source(fields.get("lexpr")):
                return True
        elif kind == "ColumnRef" and _names(fields.get("fields"))[-1:] == ["raw_user_meta_data"]:
            return True
    return False


def called_functions(body: Body, unqualified: str = "") -> set[str]:
    """Schema-qualified names of the functions the body calls (``schema.name``); one
    called without a schema as ``<unqualified>.name`` when that schema is given."""
    called: set[str] = set()
    for tree in body.trees:
        for kind, fields in _nodes(tree):
            if kind == "FuncCall":
                name = _names(fields.get("funcname"))
                if len(name) == 2:
                    called.add(f"{name[0]}.{name[1]}")
                elif len(name) == 1 and unqualified:
                    called.add(f"{unqualified}.{name[0]}")
    return called


def schemas_read(body: Body) -> set[str]:
    """Schema-qualified relations the body reads or writes (``schema.name``)."""
    return {
        f"{fields['schemaname']}.{fields.get('relname', '')}"
        for tree in body.trees
        for kind, fields in _nodes(tree)
        if kind == "RangeVar" and fields.get("schemaname")
    }


def unqualified_references(
    language: str, body: str, arguments: str = "", returns: str = "void"
) -> tuple[set[str], set[str]] | None:
    """(relations, functions and types) a function body names without a schema, or None
    when the body cannot be read. Names of the body's own CTEs are not relations."""
    parsed = parse_body(language, body, arguments, returns)
    if parsed is None or parsed.has_record:
        return None
    trees = parsed.trees
    declared_types = parsed.declared_types
    relations: set[str] = set()
    callables: set[str] = set()
    for declared in declared_types:
        name, _, anchor = declared.lower().partition("%")  # t%ROWTYPE, t.col%TYPE
        parts = name.split(".")
        if anchor == "rowtype" and len(parts) == 1:
            relations.add(parts[0])
        elif anchor == "type" and len(parts) == 2:  # table.column: the table unqualified
            relations.add(parts[0])
        elif not anchor and name and len(parts) == 1:
            callables.add(name)
    ctes: set[str] = set()
    for tree in trees:
        for kind, fields in _nodes(tree):
            if kind == "CommonTableExpr":
                ctes.add(str(fields.get("ctename", "")))
            elif kind == "RangeVar" and not fields.get("schemaname"):
                relations.add(str(fields.get("relname", "")))
            elif kind in ("FuncCall", "TypeName"):
                called = _names(fields.get("funcname" if kind == "FuncCall" else "names"))
                if len(called) == 1:
                    callables.add(called[0])
    return relations - ctes, callables


def bucket_equality(expression: str) -> str | None:
    """The bucket id when the expression is exactly ``bucket_id = '<id>'``, else None."""
    tree = _tree(expression)
    if not isinstance(tree, dict) or "A_Expr" not in tree:
        return None
    fields = tree["A_Expr"]
    if _names(fields.get("name")) != ["="]:
        return None
    for column, constant in (("lexpr", "rexpr"), ("rexpr", "lexpr")):
        side = fields.get(column) or {}
        ref = side.get("ColumnRef") if isinstance(side, dict) else None
        if ref and _names(ref.get("fields"))[-1:] == ["bucket_id"]:
            return _string_constant(fields.get(constant))
    return None


def _unwrap(node: Any) -> Any:
    """The expression inside a scalar sub-select ``(SELECT x)``, else ``node``."""
    if isinstance(node, dict) and "SubLink" in node:
        select = (node["SubLink"].get("subselect") or {}).get("SelectStmt") or {}
        targets = select.get("targetList") or []
        if len(targets) == 1 and not select.get("fromClause"):
            return targets[0]["ResTarget"]["val"]
    return node


def _is_call(node: Any, name: list[str]) -> bool:
    node = _unwrap(node)
    return (
        isinstance(node, dict)
        and "FuncCall" in node
        and _names(node["FuncCall"].get("funcname")) == name
        and not node["FuncCall"].get("args")
    )


@lru_cache(maxsize=4096)
def only_signed_in(expression: str) -> bool:
    """Whether the whole expression only checks that the caller is signed in:
    ``auth.role() = 'authenticated'`` or ``auth.uid() IS NOT NULL`` (either possibly in a
    sub-select), nothing about the row."""
    tree = _tree(expression)
    if not isinstance(tree, dict):
        return False
    if "NullTest" in tree:
        test = tree["NullTest"]
        return test.get("nulltesttype") == "IS_NOT_NULL" and _is_call(
            test.get("arg"), ["auth", "uid"]
        )
    if "A_Expr" in tree:
        fields = tree["A_Expr"]
        if _names(fields.get("name")) != ["="]:
            return False
        for call, constant in (("lexpr", "rexpr"), ("rexpr", "lexpr")):
            if _is_call(fields.get(call), ["auth", "role"]):
                return _string_constant(fields.get(constant)) == "authenticated"
    return False


_WRITES = ("InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt")


def written_relations(body: Body) -> set[str]:
    """Relations the body inserts into, updates, deletes from or merges into
    (``schema.name``; an unqualified one as ``public.name``, where a function with
    ``search_path = public`` finds it)."""
    written: set[str] = set()
    for tree in body.trees:
        for kind, fields in _nodes(tree):
            target = fields.get("relation") if kind in _WRITES else None
            if isinstance(target, dict) and target.get("relname"):
                schema = target.get("schemaname") or "public"
                written.add(f"{schema}.{target['relname']}")
    return written


def dynamic_from_variables(body: Body) -> bool:
    """Whether a dynamic EXECUTE runs a string built from variables (its arguments, or
    what was computed from them), not a constant; ``USING`` parameters are safe."""
    for query in body.dynamic:
        tree = _tree(query)
        if tree is None:
            return True  # unreadable: assume the worst
        if any(kind in ("ColumnRef", "ParamRef") for kind, _ in _nodes({"X": tree})):
            return True
    return False


#: functions that send an HTTP request: pg_net's and the http extension's
_HTTP = frozenset({"http", "http_get", "http_post", "http_put", "http_patch", "http_delete"})
#: a literal key: a JWT (the service_role key of legacy projects) or a secret API key
_LITERAL_KEY = ("eyJ", "sb_secret_")


def calls_out_with_key(body: Body) -> str | None:
    """How the body sends an HTTP request carrying a key it holds (``a vault secret`` or
    ``a literal key``), or None: it calls pg_net or http and reads vault, or spells a
    JWT or secret key in a string."""
    called: set[str] = set()
    constants: list[str] = []
    for tree in body.trees:
        for kind, fields in _nodes(tree):
            if kind == "FuncCall":
                called.add(_names(fields.get("funcname"))[-1])
            elif kind == "A_Const" and isinstance(fields.get("sval"), dict):
                constants.append(str(fields["sval"].get("sval", "")))
    if called.isdisjoint(_HTTP):
        return None
    if any(name.startswith("vault.") for name in schemas_read(body)):
        return "a vault secret"
    if any(key in text for text in constants for key in _LITERAL_KEY):
        return "a literal key"
    return None
