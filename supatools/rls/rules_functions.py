"""Rules about the functions the API can reach: SECURITY DEFINER ones and their
search_path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.levels import Level
from supatools.rls.findings import Finding
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Function, Snapshot
    from supatools.rls.expectations import Expectations
    from supatools.rls.expressions import Body


def _definer_executable(snap: Snapshot, role: str) -> Iterator[Finding]:
    """SECURITY DEFINER functions of the exposed schemas ``role`` may call."""
    protected = frozenset(r.qualified for r in snap.relations if r.is_table and r.rls)
    for function in snap.functions:
        if not function.security_definer or function.is_trigger or not function.exposed:
            continue  # a trigger function runs from its trigger; PostgREST cannot call it
        if not function.executable_by(role):
            continue
        if function.used_by:
            # revoking EXECUTE would break those policies (policy_function_not_executable):
            # moving the function out of the exposed schemas keeps them working (a policy
            # refers to it by oid) and takes it off the API
            fix = (
                "CREATE SCHEMA IF NOT EXISTS private; "
                f"ALTER FUNCTION {function.signature} SET SCHEMA private;"
            )
            hint = (
                f"policies call it ({', '.join(function.used_by)}), so {role} keeps "
                "EXECUTE; in a schema the API does not expose it is no longer an endpoint"
            )
        else:
            fix = f"REVOKE EXECUTE ON FUNCTION {function.signature} FROM {role}, public;"
            hint = "or move it to a schema the API does not expose"
        reaches = _privileged_reach(snap, function, protected)
        level: Level = "error" if reaches else "warn"
        reach = f"; it reaches {', '.join(reaches)}" if reaches else ""
        yield Finding(
            f"{role}_security_definer_function_executable",
            level,
            function.schema,
            f"{function.name}({function.arguments})",
            f"SECURITY DEFINER function callable by {role} through the API, with its "
            f"owner's rights{reach}",
            fix,
            hint,
        )


@rule(
    "anon_security_definer_function_executable",
    ("warn", "error"),
    "anon may call a SECURITY DEFINER function of an exposed schema.",
    splinter="0028_anon_security_definer_function_executable",
)
def anon_security_definer_function_executable(
    snap: Snapshot, exp: Expectations
) -> Iterator[Finding]:
    return _definer_executable(snap, "anon")


@rule(
    "authenticated_security_definer_function_executable",
    ("warn", "error"),
    "Signed-in users may call a SECURITY DEFINER function of an exposed schema.",
    splinter="0029_authenticated_security_definer_function_executable",
)
def authenticated_security_definer_function_executable(
    snap: Snapshot, exp: Expectations
) -> Iterator[Finding]:
    return _definer_executable(snap, "authenticated")


#: schemas whose data a caller must never reach with someone else's rights
_PRIVILEGED_SCHEMAS = ("auth", "vault", "storage")


#: functions of those schemas that reach nothing: the auth helpers that only read the
#: caller's own claims, and storage's pure string helpers over an object's path
_HARMLESS = frozenset(
    {
        "auth.uid",
        "auth.jwt",
        "auth.role",
        "auth.email",
        "storage.foldername",
        "storage.filename",
        "storage.extension",
    }
)


def _privileged_reach(snap: Snapshot, function: Function, protected: frozenset[str]) -> list[str]:
    """What a definer function's body reads, writes or calls with its owner's rights that
    the caller could not: tables of auth, vault or storage, their functions (but the claim
    helpers), tables whose RLS the owner bypasses, any table it writes, SQL built from its
    arguments, an HTTP request carrying a key it holds; and, when the body itself reaches
    none of these, what the project's functions it calls reach (at any depth)."""
    from supatools.rls.expressions import called_functions, parse_body

    parsed = parse_body(
        function.language, function.body, function.declared_arguments, function.result
    )
    if parsed is None:
        return []
    reached = _body_reach(parsed, protected)
    if reached:
        return reached
    by_name: dict[str, list[int]] = {}
    for oid, body in snap.bodies.items():
        by_name.setdefault(body.qualified, []).append(oid)
    queue = [(n, [n]) for n in sorted(called_functions(parsed, unqualified="public"))]
    seen: set[str] = set()
    while queue:
        name, path = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        for oid in by_name.get(name, []):
            callee = snap.bodies[oid]
            inner = parse_body(callee.language, callee.body, callee.arguments, callee.result)
            if inner is None:
                continue
            found = _body_reach(inner, protected)
            if found:
                via = " -> ".join(f"{n}()" for n in path)
                return [f"{item} (through {via})" for item in found]
            queue += [(n, [*path, n]) for n in sorted(called_functions(inner, "public"))]
    return []


def _body_reach(parsed: Body, protected: frozenset[str]) -> list[str]:
    """What one parsed body reaches (see :func:`_privileged_reach`)."""
    from supatools.rls.expressions import (
        called_functions,
        calls_out_with_key,
        dynamic_from_variables,
        schemas_read,
        written_relations,
    )

    written = written_relations(parsed)
    reached = [f"writes {name}" for name in sorted(written)]
    reached += sorted(
        name
        for name in schemas_read(parsed) - written
        if name.split(".", 1)[0] in _PRIVILEGED_SCHEMAS or name in protected
    )
    if dynamic_from_variables(parsed):
        reached.append("EXECUTE of a string built from its arguments (SQL injection)")
    key = calls_out_with_key(parsed)
    if key:
        reached.append(f"an HTTP request carrying {key} (the service key: anything the API can)")
    reached += sorted(
        f"{name}()"
        for name in called_functions(parsed)
        if name.split(".", 1)[0] in _PRIVILEGED_SCHEMAS and name not in _HARMLESS
    )
    return reached


def _search_path_for(function: Function, catalog_names: frozenset[str]) -> tuple[str, str]:
    """(the search_path to fix, why): '' when every name in the body resolves without one,
    else pg_catalog, public (or the body could not be read)."""
    from supatools.rls.expressions import unqualified_references

    found = unqualified_references(
        function.language, function.body, function.declared_arguments, function.result
    )
    if found is None:
        return "pg_catalog, public", (
            "the body could not be checked for unqualified names, so public stays on the "
            "path; qualify every name and use search_path = '' where you can"
        )
    relations, callables = found
    unknown = sorted(relations | {c for c in callables if c not in catalog_names})
    if unknown:
        return "pg_catalog, public", (
            f"the body names {', '.join(unknown[:5])} without a schema, so public stays on "
            "the path; qualify them to use search_path = ''"
        )
    return "''", "every name in the body is qualified or built in"


@rule(
    "function_search_path_mutable",
    "warn",
    "A function without a fixed search_path.",
    splinter="0011_function_search_path_mutable",
)
def function_search_path_mutable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for function in snap.functions:
        if not function.search_path_set:
            where = (
                ""
                if function.exposed
                else " (SECURITY DEFINER, outside the API's schemas: its triggers and callers "
                "still reach it, with its owner's rights)"
            )
            path, why = _search_path_for(function, snap.catalog_names)
            yield Finding(
                "function_search_path_mutable",
                "warn",
                function.schema,
                f"{function.name}({function.arguments})",
                "function without a fixed search_path: a caller's search_path can redirect "
                f"it{where}",
                f"ALTER FUNCTION {function.signature} SET search_path = {path};",
                why,
            )
