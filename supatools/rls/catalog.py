"""One snapshot of the catalog for the RLS audit: a fixed number of queries, whatever the size.

Expressions are read with ``pg_get_expr`` under an empty ``search_path`` so function
and table names come out schema-qualified; what a policy references (functions) is
read from ``pg_depend`` rather than guessed from text.
"""

from __future__ import annotations

import dataclasses
import operator
from typing import TYPE_CHECKING, Any

from supatools.privileges import from_bits, missing
from supatools.rls import catalog_sql as q
from supatools.rls import catalog_sql_lints as more
from supatools.rls.catalog_sql import SENSITIVE_COLUMN_NAMES, SENSITIVE_COLUMN_PATTERN
from supatools.rls.model import (
    API_ROLES,
    Function,
    FunctionBody,
    Policy,
    PolicyFunction,
    Relation,
    Snapshot,
    assembled,
)

if TYPE_CHECKING:
    from supatools.db import Conn, Query

__all__ = [
    "API_ROLES",
    "SENSITIVE_COLUMN_NAMES",
    "SENSITIVE_COLUMN_PATTERN",
    "Function",
    "FunctionBody",
    "Policy",
    "PolicyFunction",
    "Relation",
    "Snapshot",
    "snapshot",
    "with_constants",
]


def with_constants(conn: Conn, snap: Snapshot) -> Snapshot:
    """``snap`` with :attr:`Snapshot.always_true` filled: every policy clause that is
    constant (see :func:`supatools.rls.expressions.is_constant`) evaluated once by the
    server, in a read-only transaction (a savepoint inside the caller's). One round trip,
    and none when no clause is constant."""
    import psycopg

    from supatools.rls.expressions import is_constant

    clauses = sorted(
        {
            c
            for p in (*snap.policies, *snap.storage_policies)
            for c in (p.using, p.with_check)
            if c is not None and is_constant(c)
        }
    )
    if not clauses:
        return snap
    inside = conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    select = "SELECT " + ", ".join(f"coalesce(({c})::boolean, false)" for c in clauses)
    try:
        (got,) = _read_apart(conn, "supatools_constants", [select])
    except psycopg.Error:
        if inside and not conn.broken:
            conn.execute("ROLLBACK TO SAVEPOINT supatools_constants")
        return snap  # a clause that fails to evaluate (1/0) is not "always true"
    values = got[0]
    true = frozenset(c for c, value in zip(clauses, values, strict=True) if value is True)
    return dataclasses.replace(snap, always_true=true)


def _function(r: tuple[Any, ...]) -> Function:
    """A row of FUNCTIONS."""
    return Function(
        schema=str(r[0]),
        name=str(r[1]),
        arguments=str(r[2]),
        security_definer=bool(r[3]),
        search_path_set=bool(r[4]),
        anon_execute=bool(r[5]),
        authenticated_execute=bool(r[6]),
        is_trigger=bool(r[7]),
        exposed=bool(r[8]),
        quoted=str(r[9]),
        language=str(r[10]),
        body=str(r[11] or ""),
        declared_arguments=str(r[12] or ""),
        result=str(r[13] or ""),
        used_by=tuple(str(x) for x in r[14] or ()),
    )


def _policy(
    r: tuple[Any, ...],
    calls: dict[int, tuple[PolicyFunction, ...]],
    roles: dict[int, str],
    role_sets: dict[tuple[int, ...], tuple[str, ...]],
) -> Policy:
    """A row of POLICIES (or STORAGE_POLICIES), with the functions it calls (built with
    :func:`~supatools.rls.model.assembled`)."""
    oids = tuple(r[5] or ())
    names = role_sets.get(oids)
    if names is None:  # a few distinct role lists across thousands of policies
        # oid 0 is PUBLIC (a policy for every role)
        names = ("public",) if oids == (0,) else tuple(sorted(roles.get(o, str(o)) for o in oids))
        role_sets[oids] = names
    return assembled(
        Policy,
        {
            "schema": r[0],
            "table": r[1],
            "name": r[2],
            "permissive": r[3],
            "command": _COMMANDS.get(r[4], r[4]),
            "roles": names,
            "using": r[6],
            "with_check": r[7],
            "functions": calls.get(r[8], ()),
            # the cached_property's value, set here rather than on first use
            "qualified_table": f"{r[0]}.{r[1]}",
        },
    )


_COMMANDS = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}


def _read_apart(conn: Conn, savepoint: str, queries: list[Query]) -> list[list[Any]]:
    """The results of ``queries``, run in one round trip apart from the caller: under a
    savepoint rolled back afterwards inside the caller's transaction (``--atomic``), so
    their SET LOCALs end with them, else in a read-only transaction of their own."""
    import psycopg

    from supatools.db import batch

    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        opening = [f"SAVEPOINT {savepoint}"]
        closing = [f"ROLLBACK TO SAVEPOINT {savepoint}", f"RELEASE SAVEPOINT {savepoint}"]
    else:
        opening, closing = ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], ["COMMIT"]
    got = batch(conn, [*opening, *queries, *closing])
    return got[len(opening) : len(opening) + len(queries)]


def _queries(params: dict[str, Any]) -> list[Query]:
    """The snapshot's queries, in the order :func:`snapshot` reads their results."""
    return [
        "SET LOCAL search_path = ''",
        # JIT compiles these catalog queries for longer than they run (0.6 s of 0.75 s
        # at 2,000 tables on PostgreSQL 15): plain execution is the fast path here
        "SET LOCAL jit = off",
        (q.RELATIONS, params),
        (q.SERIAL_SEQUENCES, params),
        (q.POLICIES, params),
        q.ROLE_NAMES,
        q.POLICY_CALLS,
        (q.POLICY_FUNCTIONS, params),
        (q.BODIES, params),
        (q.FUNCTIONS, params),
        (q.EXTENSIONS, params),
        (q.LINTS, params),
        q.CATALOG_NAMES,
        (q.STORAGE_POLICIES, params),
        q.PUBLIC_BUCKETS_READ,
        q.PUBLIC_BUCKETS,
        q.DEFAULT_GRANTEES,
        (more.MORE_LINTS, params),
        (more.OWNER_COLUMNS, params),
    ]


def snapshot(conn: Conn, schemas: tuple[str, ...]) -> Snapshot:
    """Read relations, policies and functions of ``schemas`` in one read-only transaction."""
    from supatools.schemas import INTERNAL_SCHEMAS

    params = {
        "schemas": list(schemas),
        "sensitive": SENSITIVE_COLUMN_PATTERN,
        "internal": sorted(INTERNAL_SCHEMAS),
    }
    # one round trip, one snapshot; an empty search_path makes pg_get_expr / regprocedure
    # print qualified names, and is undone before the caller's transaction goes on
    got = _read_apart(conn, "supatools_snapshot", _queries(params))
    (
        relation_rows,
        serial_rows,
        policy_rows,
        role_rows,
        call_rows,
        policy_function_rows,
        body_rows,
        function_rows,
        extension_rows,
        lint_rows,
        name_rows,
        storage_policy_rows,
        _read,
        bucket_rows,
        grantee_rows,
        more_lint_rows,
        owner_rows,
    ) = got[2:]
    relations = _relations(relation_rows, serial_rows)
    policies, storage_policies = _policies(
        policy_rows, storage_policy_rows, role_rows, call_rows, policy_function_rows
    )
    import json

    listed = str(bucket_rows[0][0]) if bucket_rows and bucket_rows[0][0] else "[]"
    public_buckets = tuple(str(b) for b in json.loads(listed))
    functions_found = tuple(_function(r) for r in function_rows)
    extensions = tuple((str(r[0]), str(r[1]), bool(r[2])) for r in extension_rows)
    lints = tuple(tuple(str(v) for v in r) for r in (*lint_rows, *more_lint_rows))
    names = frozenset(str(n) for n in name_rows[0][0] or ())
    bodies = {
        int(r[0]): FunctionBody(str(r[1]), str(r[2]), str(r[3] or ""), str(r[4]), str(r[5]))
        for r in body_rows
    }
    return Snapshot(
        schemas,
        relations,
        policies,
        functions_found,
        extensions,
        lints,
        names,
        bodies,
        storage_policies,
        public_buckets,
        default_grantees=frozenset(str(g) for g in grantee_rows[0][0] or ()),
        owner_columns=tuple((str(r[0]), str(r[1]), str(r[2])) for r in owner_rows),
    )


def _relations(relation_rows: list[Any], serial_rows: list[Any]) -> tuple[Relation, ...]:
    """Rows of RELATIONS as relations, each with its serial sequences (SERIAL_SEQUENCES)."""
    serials: dict[int, tuple[tuple[str, bool, bool], ...]] = {}
    for table_oid, sequence, anon, authenticated in serial_rows:
        serials[table_oid] = (*serials.get(table_oid, ()), (sequence, anon, authenticated))
    return tuple(_relation(r, serials) for r in relation_rows)


#: the privileges held and lacking of each table bitmask, and of each column bitmask
_HELD = tuple(from_bits(bits) for bits in range(16))
_LACKING = tuple(missing(bits) for bits in range(16))
_COLUMNS = tuple(
    tuple(p for i, p in enumerate(q.COLUMN_PRIVILEGES) if bits >> i & 1) for bits in range(8)
)


def _relation(
    r: tuple[Any, ...], serials: dict[int, tuple[tuple[str, bool, bool], ...]]
) -> Relation:
    """A row of RELATIONS (built with :func:`~supatools.rls.model.assembled`)."""
    anon, authenticated, columns = r[9], r[10], r[14]
    return assembled(
        Relation,
        {
            "schema": r[1],
            "name": r[2],
            "kind": r[3],
            "rls": r[4],
            "force_rls": r[5],
            "is_partition": r[6],
            "parent": r[7] or None,
            "security_invoker": r[8],
            "anon_select": bool(anon & 1),
            "anon_write": bool(anon & 14),
            "authenticated_select": bool(authenticated & 1),
            "authenticated_write": bool(authenticated & 14),
            "service_role_missing": _LACKING[r[11] & 15],
            "sensitive_columns": tuple(r[12] or ()),
            "references_auth_users": bool(r[13]),
            "anon_privileges": _HELD[anon & 15],
            "authenticated_privileges": _HELD[authenticated & 15],
            "sequences": serials.get(r[0], ()),
            "anon_column_privileges": _COLUMNS[columns & 7],
            "authenticated_column_privileges": _COLUMNS[columns >> 4 & 7],
            # the cached_property's value, set here rather than on first use
            "qualified": f"{r[1]}.{r[2]}",
        },
    )


def _policies(
    policy_rows: list[Any],
    storage_policy_rows: list[Any],
    role_rows: list[Any],
    call_rows: list[Any],
    policy_function_rows: list[Any],
) -> tuple[tuple[Policy, ...], tuple[Policy, ...]]:
    """(policies of the exposed schemas, policies of storage), each with the functions it
    calls, sorted by table and name."""
    called = {
        int(r[0]): PolicyFunction(str(r[1]), bool(r[2]), bool(r[3]), int(r[0]))
        for r in policy_function_rows
    }
    role_names = {int(oid): str(name) for oid, name in role_rows}
    by_policy: dict[int, list[int]] = {}
    for policy_oid, function_oid in call_rows:
        by_policy.setdefault(int(policy_oid), []).append(int(function_oid))
    # policies calling the same functions share one tuple (rules memoise on it)
    shared: dict[tuple[int, ...], tuple[PolicyFunction, ...]] = {}
    calls = {}
    for policy_oid, oids in by_policy.items():
        key = tuple(sorted(set(oids)))
        if key not in shared:
            shared[key] = tuple(called[oid] for oid in key if oid in called)
        calls[policy_oid] = shared[key]
    role_sets: dict[tuple[int, ...], tuple[str, ...]] = {}
    # sorted by (schema, table, name) as rows: the key is read in C, not per Policy
    by_name = operator.itemgetter(0, 1, 2)
    return tuple(
        _policy(r, calls, role_names, role_sets) for r in sorted(policy_rows, key=by_name)
    ), tuple(
        _policy(r, calls, role_names, role_sets) for r in sorted(storage_policy_rows, key=by_name)
    )
