"""``policies/``: RLS expectations as TOML, one file per schema or per table.

::

    # policies/public.toml
    schema = "public"                    # schema of the table names below (default public)

    [tables.profiles]
    rls = "enabled"                      # or "forced" (FORCE ROW LEVEL SECURITY)
    policies = [
      { name = "users update their own profile", command = "update", roles = ["authenticated"] },
    ]

    [tables.audit_log]
    deny_all = true                      # RLS on, no policy, on purpose

    [[ignore]]
    rule = "multiple_permissive_policies"
    object = "public.workouts"
    reason = "two read paths on purpose; measured fine"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from supatools.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_TOP_KEYS = {"schema", "tables", "ignore"}
_TABLE_KEYS = {"rls", "deny_all", "policies", "tests"}
_TEST_KEYS = {"name", "as", "sub", "claims", "setup", "query", "rows", "count", "refused"}
_API_ROLES = {"anon", "authenticated", "service_role"}
_POLICY_KEYS = {"name", "command", "roles"}
_IGNORE_KEYS = {"rule", "object", "reason"}
_COMMANDS = {"select", "insert", "update", "delete", "all"}
_RLS = {"enabled", "forced"}


@dataclass(frozen=True)
class ExpectedPolicy:
    name: str
    command: str | None
    roles: tuple[str, ...] | None


@dataclass(frozen=True)
class BehaviourTest:
    """'As this role, with these claims, this query returns these rows / is refused.'"""

    name: str
    role: str
    claims: dict[str, Any]
    setup: str | None
    query: str
    rows: tuple[tuple[str, ...], ...] | None
    count: int | None
    refused: bool
    setup_statements: tuple[str, ...] = ()  # ``setup`` split by PostgreSQL's parser


@dataclass(frozen=True)
class TableExpectation:
    table: str  # schema.name
    rls: str  # enabled | forced
    deny_all: bool
    policies: tuple[ExpectedPolicy, ...] | None  # None: not listed, so not checked
    source: str
    tests: tuple[BehaviourTest, ...] = ()


@dataclass(frozen=True)
class Ignore:
    rule: str
    object: str
    reason: str
    source: str


@dataclass(frozen=True)
class Expectations:
    tables: dict[str, TableExpectation]
    ignores: tuple[Ignore, ...]

    def ignored(self, rule: str, obj: str) -> Ignore | None:
        for item in self.ignores:
            if item.rule == rule and item.object == obj:
                return item
        return None


def _unknown(source: str, where: str, data: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ConfigError(
            f"{source}: unknown key {extra[0]!r} in {where}; allowed: {', '.join(sorted(allowed))}"
        )


def _expect(source: str, where: str, value: Any, kind: type, label: str) -> Any:
    if not isinstance(value, kind):
        raise ConfigError(f"{source}: {where} must be {label}, got {value!r}")
    return value


def _policy(source: str, where: str, raw: Any) -> ExpectedPolicy:
    raw = _expect(source, where, raw, dict, "a table {name, command, roles}")
    _unknown(source, where, raw, _POLICY_KEYS)
    name = _expect(source, f"{where}.name", raw.get("name"), str, "a string")
    command = raw.get("command")
    if command is not None:
        command = _expect(source, f"{where}.command", command, str, "a string").lower()
        if command not in _COMMANDS:
            raise ConfigError(
                f"{source}: {where}.command is {command!r}; "
                f"use one of {', '.join(sorted(_COMMANDS))}"
            )
    roles = raw.get("roles")
    if roles is not None:
        roles = _expect(source, f"{where}.roles", roles, list, "a list of role names")
        roles = tuple(sorted(str(r) for r in roles))
    return ExpectedPolicy(name, command, roles)


def as_text(value: Any) -> str:
    """Cell values compared as text, the same way for TOML and for query results."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _test(source: str, where: str, raw: Any) -> BehaviourTest:
    raw = _expect(source, where, raw, dict, "a table")
    _unknown(source, where, raw, _TEST_KEYS)
    role = _expect(source, f"{where}.as", raw.get("as"), str, "a role name")
    if role not in _API_ROLES:
        raise ConfigError(
            f"{source}: {where}.as is {role!r}; use anon, authenticated or service_role"
        )
    query = _expect(source, f"{where}.query", raw.get("query"), str, "an SQL string")
    outcomes = [k for k in ("rows", "count", "refused") if k in raw]
    if len(outcomes) != 1:
        raise ConfigError(f"{source}: {where} needs exactly one of 'rows', 'count', 'refused'")
    claims = dict(_expect(source, f"{where}.claims", raw.get("claims", {}), dict, "a table"))
    claims.setdefault("role", role)
    if "sub" in raw:
        claims["sub"] = _expect(source, f"{where}.sub", raw["sub"], str, "a string")
    rows = None
    if "rows" in raw:
        items = _expect(source, f"{where}.rows", raw["rows"], list, "a list of rows")
        rows = tuple(
            tuple(as_text(v) for v in _expect(source, f"{where}.rows", r, list, "lists"))
            for r in items
        )
    count = (
        _expect(source, f"{where}.count", raw["count"], int, "a number")
        if ("count" in raw)
        else None
    )
    refused = bool(
        _expect(source, f"{where}.refused", raw.get("refused", False), bool, "true or false")
    )
    setup = raw.get("setup")
    setup_statements: tuple[str, ...] = ()
    if setup is not None:
        setup = _expect(source, f"{where}.setup", setup, str, "an SQL string")
        setup_statements = checked_statements(source, f"{where}.setup", setup)
    (query,) = checked_statements(source, f"{where}.query", query, one=True)
    name = str(raw.get("name") or query)
    return BehaviourTest(name, role, claims, setup, query, rows, count, refused, setup_statements)


def checked_statements(source: str, where: str, text: str, *, one: bool = False) -> tuple[str, ...]:
    """Split a behaviour test's SQL with PostgreSQL's parser and refuse what could escape
    its rolled-back transaction (see :mod:`supatools.rls.behaviour`)."""
    import json

    from pglast import parser

    from supatools.migrations.refusals import refused_statement

    if "\x00" in text:
        raise ConfigError(f"{source}: {where} contains a NUL byte; remove it")
    try:
        tree = json.loads(parser.parse_sql_json(text))
    except parser.ParseError as exc:
        raise ConfigError(f"{source}: {where} is not valid SQL ({exc.args[0]}); fix it") from None
    encoded = text.encode("utf-8")
    statements: list[str] = []
    for raw in tree.get("stmts", []):
        ((kind, fields),) = raw["stmt"].items()
        why = refused_statement(kind, fields)
        if why:
            raise ConfigError(
                f"{source}: {where}: {why} is not allowed in a behaviour test, which must "
                "leave the database as it found it; remove it"
            )
        begin = int(raw.get("stmt_location", 0))
        length = int(raw.get("stmt_len", 0)) or len(encoded) - begin
        statements.append(encoded[begin : begin + length].decode("utf-8").strip())
    if not statements:
        raise ConfigError(f"{source}: {where} holds no SQL statement")
    if one and len(statements) != 1:
        raise ConfigError(
            f"{source}: {where} holds {len(statements)} statements; a behaviour test's query "
            "is exactly one statement (put preparation in 'setup')"
        )
    return tuple(statements)


def _read_file(path: Path) -> tuple[list[TableExpectation], list[Ignore]]:
    source = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read it ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML ({exc})") from None
    _unknown(source, "the file", data, _TOP_KEYS)
    schema = _expect(source, "schema", data.get("schema", "public"), str, "a string")
    tables: list[TableExpectation] = []
    raw_tables = _expect(source, "[tables]", data.get("tables", {}), dict, "a table")
    for name, raw in raw_tables.items():
        where = f"[tables.{name}]"
        raw = _expect(source, where, raw, dict, "a table")
        _unknown(source, where, raw, _TABLE_KEYS)
        rls = _expect(source, f"{where}.rls", raw.get("rls", "enabled"), str, "a string")
        if rls not in _RLS:
            raise ConfigError(f"{source}: {where}.rls is {rls!r}; use 'enabled' or 'forced'")
        deny_all = _expect(
            source, f"{where}.deny_all", raw.get("deny_all", False), bool, "true or false"
        )
        policies = None
        if "policies" in raw:
            items = _expect(source, f"{where}.policies", raw["policies"], list, "a list")
            policies = tuple(
                _policy(source, f"{where}.policies[{i}]", p) for i, p in enumerate(items)
            )
            if deny_all and policies:
                raise ConfigError(f"{source}: {where} is deny_all but lists policies; choose one")
        tests = tuple(
            _test(source, f"{where}.tests[{i}]", t)
            for i, t in enumerate(
                _expect(source, f"{where}.tests", raw.get("tests", []), list, "a list")
            )
        )
        qualified = name if "." in name else f"{schema}.{name}"
        tables.append(TableExpectation(qualified, rls, deny_all, policies, source, tests))
    ignores: list[Ignore] = []
    for i, raw in enumerate(_expect(source, "[[ignore]]", data.get("ignore", []), list, "a list")):
        where = f"[[ignore]] #{i + 1}"
        raw = _expect(source, where, raw, dict, "a table")
        _unknown(source, where, raw, _IGNORE_KEYS)
        missing = [k for k in ("rule", "object", "reason") if not raw.get(k)]
        if missing:
            raise ConfigError(f"{source}: {where} needs {missing[0]!r} (every ignore says why)")
        ignores.append(Ignore(str(raw["rule"]), str(raw["object"]), str(raw["reason"]), source))
    return tables, ignores


def load(directory: Path) -> Expectations:
    """Every ``*.toml`` in ``directory``; no folder means no expectations."""
    if not directory.is_dir():
        return Expectations({}, ())
    tables: dict[str, TableExpectation] = {}
    ignores: list[Ignore] = []
    for path in sorted(directory.glob("*.toml")):
        found, skipped = _read_file(path)
        for expectation in found:
            if expectation.table in tables:
                raise ConfigError(
                    f"{path}: {expectation.table} is already described in "
                    f"{tables[expectation.table].source}; keep one"
                )
            tables[expectation.table] = expectation
        ignores.extend(skipped)
    return Expectations(tables, tuple(ignores))
