"""Rules about policies and the functions the API can reach, and the expectations of
``policies/``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from supatools.rls.catalog import API_ROLES, Function, Policy, Snapshot
from supatools.rls.expectations import Expectations
from supatools.rls.findings import Finding, finding, ident, policies_by_table

_ALWAYS_TRUE = re.compile(r"^\(?\s*true\s*\)?$", re.IGNORECASE)


def rls_policy_always_true(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    api = {"public", *API_ROLES}
    for policy in snap.policies:
        if not policy.permissive or policy.command == "select":
            continue
        if api.isdisjoint(policy.roles):
            continue
        clauses = [c for c in (policy.using, policy.with_check) if c is not None]
        # literally true, or constant and evaluated true by the server (1 = 1, 'a' = 'a',
        # coalesce(true, false), true AND true ...)
        if any(_ALWAYS_TRUE.match(c.strip()) or c in snap.always_true for c in clauses):
            yield finding(
                "rls_policy_always_true",
                "warn",
                policy,
                f"policy {policy.name!r} ({policy.command}) lets {', '.join(policy.roles)} "
                "write any row (USING or WITH CHECK is true)",
                "",
                "restrict it to the rows the role may write, e.g. "
                "WITH CHECK ((select auth.uid()) = user_id)",
            )


def rls_references_user_metadata(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    from supatools.rls.expressions import reads_user_metadata

    by_name: dict[str, list[int]] = {}  # the project's functions by schema.name, once
    for oid, body in snap.bodies.items():
        by_name.setdefault(body.qualified, []).append(oid)
    followed: dict[int, list[str] | None] = {}  # by the (shared) tuple of called functions
    for policy in snap.policies:
        if any(reads_user_metadata(c) for c in (policy.using, policy.with_check) if c):
            via = ""
        else:
            if not policy.functions:
                continue  # no helper to follow
            key = id(policy.functions)
            if key not in followed:
                followed[key] = _helper_reading_user_metadata(snap, policy, by_name)
            path = followed[key]
            if path is None:
                continue
            via = f" through {' -> '.join(path)}"
        yield finding(
            "rls_references_user_metadata",
            "error",
            policy,
            f"policy {policy.name!r} trusts user_metadata{via}, which every user can edit",
            "",
            "base the policy on app_metadata (only the server sets it) or on a table "
            "the user cannot write",
        )


def _helper_reading_user_metadata(
    snap: Snapshot, policy: Policy, by_name: dict[str, list[int]]
) -> list[str] | None:
    """The chain of functions from the policy to one whose body reads user_metadata from
    the JWT, following calls through the parsed bodies; None when there is none."""
    from supatools.rls.expressions import called_functions, parse_body, tree_reads_user_metadata

    if not any(f.oid in snap.bodies for f in policy.functions):
        return None  # calls only functions of Supabase's schemas (auth.uid()...) or none
    queue: list[tuple[int, list[str]]] = [
        (f.oid, [f.signature]) for f in policy.functions if f.oid in snap.bodies
    ]
    seen: set[int] = set()
    while queue:
        oid, path = queue.pop(0)
        if oid in seen:
            continue
        seen.add(oid)
        body = snap.bodies[oid]
        parsed = parse_body(body.language, body.body, body.arguments, body.result)
        if parsed is None:
            continue
        if any(tree_reads_user_metadata(tree) for tree in parsed.trees):
            return path
        for name in sorted(called_functions(parsed)):
            for callee in by_name.get(name, []):
                queue.append((callee, [*path, f"{name}()"]))
    return None


_AUTH_CALL = re.compile(
    r"(?<!select )\b(auth\.(?:uid|jwt|role|email)\(\)|current_setting\()", re.IGNORECASE
)


@functools.lru_cache(maxsize=4096)
def _per_row_calls(using: str | None, with_check: str | None) -> tuple[str, ...]:
    """The auth helpers and settings an expression calls once per row (generated apps
    repeat a few expressions over thousands of policies: each is scanned once)."""
    text = " ".join(c for c in (using, with_check) if c)
    return tuple(sorted({m.group(1).lower() for m in _AUTH_CALL.finditer(text)}))


def auth_rls_initplan(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        calls = _per_row_calls(policy.using, policy.with_check)
        if calls:
            yield finding(
                "auth_rls_initplan",
                "warn",
                policy,
                f"policy {policy.name!r} calls {', '.join(calls)} once per row",
                "",
                "wrap the call in a sub-select, e.g. (select auth.uid()), so it runs once per "
                "query",
            )


def multiple_permissive_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for schema, name, role, command, applying in snap.per_role_and_command:
        names = [p.name for p in applying if p.permissive]
        if len(names) > 1:
            yield Finding(
                "multiple_permissive_policies",
                "warn",
                schema,
                name,
                f"{len(names)} permissive {command} policies for {role} "
                f"({', '.join(names)}): each is evaluated for every row",
                "",
                "merge them into one policy with OR",
            )


def restrictive_only_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for schema, name, role, command, applying in snap.per_role_and_command:
        if not any(p.permissive for p in applying):
            yield Finding(
                "restrictive_only_policies",
                "warn",
                schema,
                name,
                f"only restrictive {command} policies apply to {role} "
                f"({', '.join(p.name for p in applying)}): with no permissive policy every "
                "row is denied",
                "",
                "add a permissive policy; restrictive ones only narrow permissive ones",
            )


def write_policy_without_select(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """From the (role, command) buckets every policy rule shares: an UPDATE/DELETE policy
    for a role with no permissive SELECT policy on that table."""
    permissive: dict[tuple[str, str, str], dict[str, list[Policy]]] = {}
    for schema, name, role, command, applying in snap.per_role_and_command:
        mine = [p for p in applying if p.permissive]
        if mine:
            permissive.setdefault((schema, name, role), {})[command] = mine
    for (schema, name, role), commands in permissive.items():
        if "select" in commands:
            continue
        for command in ("update", "delete"):
            # only policies written for that command (FOR ALL would cover select too)
            writers = [p.name for p in commands.get(command, []) if p.command == command]
            if writers:
                yield Finding(
                    "write_policy_without_select",
                    "warn",
                    schema,
                    name,
                    f"{command} policy for {role} ({', '.join(writers)}) but no select "
                    f"policy: {command}s silently match no row",
                    "",
                    f"add a select policy for {role}",
                )


def policy_function_not_executable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        for function in policy.functions:
            denied = [
                role
                for role in API_ROLES
                if policy.applies_to(role) and not function.executable_by(role)
            ]
            if denied:
                yield finding(
                    "policy_function_not_executable",
                    "error",
                    policy,
                    f"policy {policy.name!r} calls {function.signature}, which "
                    f"{', '.join(denied)} cannot EXECUTE: requests fail with permission denied",
                    f"GRANT EXECUTE ON FUNCTION {function.signature} TO {', '.join(denied)};",
                )


_PRIVILEGE = {"select": "SELECT", "insert": "INSERT", "update": "UPDATE", "delete": "DELETE"}


def api_role_missing_grant(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """A policy for anon or authenticated on a table that role holds no privilege for:
    every request answers "permission denied" (tables are no longer granted to the API
    roles by default since 2026-10-30). Only roles a policy names: a policy ``TO public``
    says nothing about which role should hold the grant."""
    relations = {r.qualified: r for r in snap.relations}
    for table, policies in sorted(policies_by_table(snap).items()):
        rel = relations.get(table)
        if rel is None or not rel.is_table or not rel.rls:
            continue
        for role in API_ROLES:
            named = [p for p in policies if p.permissive and role in p.roles]
            if not named:
                continue
            held = set(rel.privileges_of(role))
            wanted: dict[str, list[str]] = {}
            for policy in named:
                if policy.command == "all":
                    if not held:  # FOR ALL with some grant: the grants choose the commands
                        wanted.setdefault("SELECT", []).append(policy.name)
                elif _PRIVILEGE[policy.command] not in held:
                    wanted.setdefault(_PRIVILEGE[policy.command], []).append(policy.name)
            if wanted:
                privileges = [p for p in ("SELECT", "INSERT", "UPDATE", "DELETE") if p in wanted]
                names = sorted({n for ns in wanted.values() for n in ns})
                yield finding(
                    "api_role_missing_grant",
                    "error",
                    rel,
                    f"policies for {role} ({', '.join(names)}) but {role} holds no "
                    f"{', '.join(privileges)} on the table: every such request is denied",
                    f"GRANT {', '.join(privileges)} ON {ident(rel.schema, rel.name)} TO {role};",
                )
            if any(p.command in ("insert", "all") for p in named):
                for sequence, anon, authenticated in rel.sequences:
                    if not (anon if role == "anon" else authenticated):
                        yield finding(
                            "api_role_missing_grant",
                            "error",
                            rel,
                            f"{role} may insert through a policy, but not use the serial "
                            f"sequence {sequence} of the table: inserts fail",
                            f"GRANT USAGE ON SEQUENCE {sequence} TO {role};",
                        )


def security_definer_function_executable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for function in snap.functions:
        if not function.security_definer or function.is_trigger or not function.exposed:
            continue  # a trigger function runs from its trigger; PostgREST cannot call it
        for role in API_ROLES:
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
            reaches = _privileged_reach(snap, function)
            level = "error" if reaches else "warn"
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


#: schemas whose data a caller must never reach with someone else's rights
_PRIVILEGED_SCHEMAS = ("auth", "vault", "storage")
#: the auth helpers that only read the caller's own claims
_HARMLESS = frozenset({"auth.uid", "auth.jwt", "auth.role", "auth.email"})


def _privileged_reach(snap: Snapshot, function: Function) -> list[str]:
    """What a definer function's body reads or calls with its owner's rights that the
    caller could not: tables of auth, vault or storage, their functions (but the claim
    helpers), and tables whose RLS the owner bypasses."""
    from supatools.rls.expressions import called_functions, parse_body, schemas_read

    parsed = parse_body(
        function.language, function.body, function.declared_arguments, function.result
    )
    if parsed is None:
        return []
    protected = {r.qualified for r in snap.relations if r.is_table and r.rls}
    reached = sorted(
        name
        for name in schemas_read(parsed)
        if name.split(".", 1)[0] in _PRIVILEGED_SCHEMAS or name in protected
    )
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


def expectations_met(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    relations = {r.qualified: r for r in snap.relations}
    by_table = policies_by_table(snap)
    for table, expected in sorted(exp.tables.items()):
        schema, _, name = table.partition(".")
        rel = relations.get(table)
        if rel is None:
            if schema in snap.schemas:
                yield Finding(
                    "expected_table_missing",
                    "error",
                    schema,
                    name,
                    f"{expected.source} describes it, but it does not exist",
                    "",
                    "create it, or remove it from policies/",
                )
            continue
        if expected.rls == "forced" and not rel.force_rls:
            yield Finding(
                "expected_force_rls",
                "error",
                schema,
                name,
                f"{expected.source} requires FORCE ROW LEVEL SECURITY",
                f"ALTER TABLE {ident(schema, name)} FORCE ROW LEVEL SECURITY;",
            )
        if expected.deny_all and by_table.get(table):
            names = ", ".join(p.name for p in by_table[table])
            yield Finding(
                "deny_all_has_policies",
                "error",
                schema,
                name,
                f"{expected.source} marks it deny-all, but it has policies: {names}",
                "",
                "drop the policies, or remove deny_all from policies/",
            )
        if expected.policies is None:
            continue
        actual = {p.name: p for p in by_table.get(table, [])}
        for want in expected.policies:
            have = actual.get(want.name)
            if have is None:
                yield Finding(
                    "expected_policy_missing",
                    "error",
                    schema,
                    name,
                    f"policy {want.name!r} required by {expected.source} is missing",
                    "",
                    f"create it: CREATE POLICY {ident(want.name)} ON {ident(schema, name)} ...",
                )
                continue
            if want.command and want.command != have.command:
                yield Finding(
                    "expected_policy_mismatch",
                    "error",
                    schema,
                    name,
                    f"policy {want.name!r} is for {have.command}, "
                    f"{expected.source} expects {want.command}",
                    "",
                    "recreate the policy with the expected command",
                )
            if want.roles is not None and tuple(sorted(have.roles)) != want.roles:
                yield Finding(
                    "expected_policy_mismatch",
                    "error",
                    schema,
                    name,
                    f"policy {want.name!r} is for roles {', '.join(have.roles)}, "
                    f"{expected.source} expects {', '.join(want.roles)}",
                    f"ALTER POLICY {ident(want.name)} ON {ident(schema, name)} "
                    f"TO {', '.join(want.roles)};",
                )
        listed = {w.name for w in expected.policies}
        for extra in sorted(set(actual) - listed):
            yield Finding(
                "unexpected_policy",
                "warn",
                schema,
                name,
                f"policy {extra!r} is not listed in {expected.source}",
                "",
                "list it in policies/, or drop it",
            )


_API_AUDIENCE = frozenset({"public", "anon", "authenticated"})


def _true_for_every_row(snap: Snapshot, clause: str | None) -> bool:
    """No clause (nothing checked), ``true``, or a constant the server found true."""
    return clause is None or bool(_ALWAYS_TRUE.match(clause.strip())) or clause in snap.always_true


def storage_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """Supabase Storage: who may create buckets, upload anywhere, or list a public bucket."""
    from supatools.rls.expressions import bucket_equality

    for policy in snap.storage_policies:
        audience = sorted(_API_AUDIENCE & set(policy.roles))
        if not policy.permissive or not audience:
            continue
        name = f"{ident(policy.name)} ON {ident(policy.schema, policy.table)}"
        check = policy.with_check if policy.with_check is not None else policy.using
        if policy.command in ("insert", "all") and _true_for_every_row(snap, check):
            if policy.table == "buckets":
                yield finding(
                    "storage_bucket_creation_open",
                    "error",
                    policy,
                    f"policy {policy.name!r} lets {', '.join(audience)} create buckets of any "
                    "name and settings (public ones included)",
                    f"DROP POLICY {name};",
                    "create buckets in a migration or with the service role, not from clients",
                )
            elif policy.table == "objects":
                yield finding(
                    "storage_upload_unrestricted",
                    "error",
                    policy,
                    f"policy {policy.name!r} lets {', '.join(audience)} upload into any "
                    "bucket at any path (WITH CHECK is always true)",
                    "",
                    "check the bucket and the path, e.g. WITH CHECK (bucket_id = 'avatars' AND "
                    "(storage.foldername(name))[1] = (select auth.uid())::text)",
                )
        if policy.table != "objects" or policy.command not in ("select", "all"):
            continue
        listed = bucket_equality(policy.using) if policy.using else None
        for bucket in snap.public_buckets:
            if _true_for_every_row(snap, policy.using) or listed == bucket:
                yield finding(
                    "public_bucket_allows_listing",
                    "warn",
                    policy,
                    f"public bucket {bucket!r}: policy {policy.name!r} lets "
                    f"{', '.join(audience)} list every file in it, not only fetch one by URL",
                    f"DROP POLICY {name};",
                    "a public bucket serves its files by URL without any SELECT policy; keep "
                    "one only if clients must list the files",
                )
