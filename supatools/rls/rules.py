"""The audit's rules, evaluated in Python over one catalog snapshot.

Names follow Supabase's database linter (splinter) where it has the rule; the rest
close holes splinter misses. ``rls_enabled_no_policy`` is an error here: every table
must carry policies unless ``policies/`` marks it deny-all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from psycopg import sql

from supatools.rls.catalog import API_ROLES, Policy, Relation, Snapshot
from supatools.rls.expectations import Expectations

LEVELS = ("error", "warn", "info")


@dataclass(frozen=True)
class Finding:
    """One problem the audit found."""

    rule: str
    level: str  # error | warn | info
    schema: str
    object: str
    detail: str
    remediation: str

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.object}"


def at_or_above(level: str, threshold: str) -> bool:
    """True when ``level`` is as severe as ``threshold`` or more."""
    return LEVELS.index(level) <= LEVELS.index(threshold)


def _ident(*parts: str) -> str:
    return sql.Identifier(*parts).as_string(None)


def _finding(rule: str, level: str, rel: Relation | Policy, detail: str, fix: str) -> Finding:
    if isinstance(rel, Relation):
        return Finding(rule, level, rel.schema, rel.name, detail, fix)
    return Finding(rule, level, rel.schema, rel.table, detail, fix)


Rule = Callable[[Snapshot, Expectations], Iterator[Finding]]


def _policies_by_table(snap: Snapshot) -> dict[str, list[Policy]]:
    grouped: dict[str, list[Policy]] = {}
    for policy in snap.policies:
        grouped.setdefault(policy.qualified_table, []).append(policy)
    return grouped


def rls_disabled_in_public(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.is_table and not rel.is_partition and not rel.rls:
            roles = ", ".join(rel.api_roles) or "no API role yet"
            yield _finding(
                "rls_disabled_in_public",
                "error",
                rel,
                f"table in an exposed schema without row level security (privileges: {roles})",
                f"ALTER TABLE {_ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY;",
            )


def partition_rls_disabled(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.is_partition and rel.is_table and not rel.rls:
            yield _finding(
                "partition_rls_disabled",
                "error",
                rel,
                f"partition of {rel.parent} without RLS: its parent's policies do not apply "
                "when the partition is queried directly",
                f"ALTER TABLE {_ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY; "
                f"REVOKE ALL ON {_ident(rel.schema, rel.name)} FROM anon, authenticated;",
            )


def rls_enabled_no_policy(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = _policies_by_table(snap)
    for rel in snap.relations:
        expectation = exp.tables.get(rel.qualified)
        # a partition with RLS and no policy of its own is deny-all when queried directly,
        # and its parent's policies apply through the parent: that is the safe state
        if rel.is_table and rel.rls and not rel.is_partition and not by_table.get(rel.qualified):
            if expectation and expectation.deny_all:
                continue
            yield _finding(
                "rls_enabled_no_policy",
                "error",
                rel,
                "RLS is enabled but no policy exists: every API request is denied",
                f"CREATE POLICY ... ON {_ident(rel.schema, rel.name)} ...; or mark the table "
                "deny_all = true in policies/",
            )


def policy_exists_rls_disabled(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = _policies_by_table(snap)
    for rel in snap.relations:
        if rel.is_table and not rel.rls and by_table.get(rel.qualified):
            names = ", ".join(p.name for p in by_table[rel.qualified])
            yield _finding(
                "policy_exists_rls_disabled",
                "error",
                rel,
                f"policies exist ({names}) but RLS is disabled, so none of them applies",
                f"ALTER TABLE {_ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY;",
            )


def security_definer_view(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.kind == "v" and not rel.security_invoker and rel.api_readable:
            yield _finding(
                "security_definer_view",
                "error",
                rel,
                "view runs with its owner's rights, bypassing the RLS of the tables it reads",
                f"ALTER VIEW {_ident(rel.schema, rel.name)} SET (security_invoker = true);",
            )


def auth_users_exposed(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if (
            rel.references_auth_users
            and rel.api_readable
            and not (rel.kind == "v" and rel.security_invoker)
        ):
            yield _finding(
                "auth_users_exposed",
                "error",
                rel,
                "exposes auth.users to the API (emails, metadata) without RLS protection",
                f"REVOKE ALL ON {_ident(rel.schema, rel.name)} FROM anon, authenticated; or "
                "make it security_invoker and read a public profiles table instead",
            )


def materialized_view_in_api(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.kind == "m" and rel.api_readable:
            yield _finding(
                "materialized_view_in_api",
                "warn",
                rel,
                "materialized views have no RLS; the API roles can read all of it",
                f"REVOKE SELECT ON {_ident(rel.schema, rel.name)} FROM anon, authenticated;",
            )


def foreign_table_in_api(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.kind == "f" and rel.api_readable:
            yield _finding(
                "foreign_table_in_api",
                "warn",
                rel,
                "foreign tables bypass RLS; the API roles can read all of it",
                f"REVOKE ALL ON {_ident(rel.schema, rel.name)} FROM anon, authenticated;",
            )


def sensitive_columns_exposed(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.sensitive_columns and rel.api_readable and rel.kind in ("r", "p", "v", "m", "f"):
            protected = rel.is_table and rel.rls or (rel.kind == "v" and rel.security_invoker)
            if protected:
                continue
            yield _finding(
                "sensitive_columns_exposed",
                "error",
                rel,
                f"readable by the API without RLS, with sensitive column(s): "
                f"{', '.join(rel.sensitive_columns)}",
                f"ALTER TABLE {_ident(rel.schema, rel.name)} ENABLE ROW LEVEL SECURITY; "
                "or revoke SELECT on those columns",
            )


def service_role_missing_grant(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for rel in snap.relations:
        if rel.is_table and not rel.is_partition and rel.service_role_missing:
            missing = ", ".join(rel.service_role_missing)
            yield _finding(
                "service_role_missing_grant",
                "error",
                rel,
                f"service_role lacks {missing}: the API answers 'permission denied' "
                "(new tables are no longer granted by default since 2026-10-30)",
                f"GRANT {missing} ON {_ident(rel.schema, rel.name)} TO service_role;",
            )


_ALWAYS_TRUE = re.compile(r"^\(?\s*true\s*\)?$", re.IGNORECASE)


def rls_policy_always_true(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        if not policy.permissive or policy.command == "select":
            continue
        if not any(policy.applies_to(role) for role in API_ROLES):
            continue
        clauses = [c for c in (policy.using, policy.with_check) if c is not None]
        if clauses and any(_ALWAYS_TRUE.match(c.strip()) for c in clauses):
            yield _finding(
                "rls_policy_always_true",
                "warn",
                policy,
                f"policy {policy.name!r} ({policy.command}) lets {', '.join(policy.roles)} "
                "write any row (USING or WITH CHECK is true)",
                "restrict it, e.g. USING ((select auth.uid()) = user_id)",
            )


def rls_references_user_metadata(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        text = " ".join(c for c in (policy.using, policy.with_check) if c)
        if "user_metadata" in text:
            yield _finding(
                "rls_references_user_metadata",
                "error",
                policy,
                f"policy {policy.name!r} trusts user_metadata, which every user can edit",
                "base the policy on app_metadata or on a table the user cannot write",
            )


_AUTH_CALL = re.compile(
    r"(?<!select )\b(auth\.(?:uid|jwt|role|email)\(\)|current_setting\()", re.IGNORECASE
)


def auth_rls_initplan(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        text = " ".join(c for c in (policy.using, policy.with_check) if c)
        calls = sorted({m.group(1).lower() for m in _AUTH_CALL.finditer(text)})
        if calls:
            yield _finding(
                "auth_rls_initplan",
                "warn",
                policy,
                f"policy {policy.name!r} calls {', '.join(calls)} once per row",
                "wrap the call in a sub-select, e.g. (select auth.uid()), so it runs once per "
                "query",
            )


def multiple_permissive_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for table, policies in sorted(_policies_by_table(snap).items()):
        for role in ("anon", "authenticated"):
            for command in ("select", "insert", "update", "delete"):
                names = [
                    p.name
                    for p in policies
                    if p.permissive and p.applies_to(role) and p.covers(command)
                ]
                if len(names) > 1:
                    schema, _, name = table.partition(".")
                    yield Finding(
                        "multiple_permissive_policies",
                        "warn",
                        schema,
                        name,
                        f"{len(names)} permissive {command} policies for {role} "
                        f"({', '.join(names)}): each is evaluated for every row",
                        "merge them into one policy with OR",
                    )


def restrictive_only_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for table, policies in sorted(_policies_by_table(snap).items()):
        for role in ("anon", "authenticated"):
            for command in ("select", "insert", "update", "delete"):
                applying = [p for p in policies if p.applies_to(role) and p.covers(command)]
                if applying and not any(p.permissive for p in applying):
                    schema, _, name = table.partition(".")
                    yield Finding(
                        "restrictive_only_policies",
                        "warn",
                        schema,
                        name,
                        f"only restrictive {command} policies apply to {role} "
                        f"({', '.join(p.name for p in applying)}): with no permissive policy "
                        "every row is denied",
                        "add a permissive policy; restrictive ones only narrow permissive ones",
                    )


def write_policy_without_select(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for table, policies in sorted(_policies_by_table(snap).items()):
        for role in ("anon", "authenticated"):
            readable = any(
                p.permissive and p.applies_to(role) and p.covers("select") for p in policies
            )
            if readable:
                continue
            for command in ("update", "delete"):
                writers = [
                    p.name
                    for p in policies
                    if p.permissive and p.applies_to(role) and p.command == command
                ]
                if writers:
                    schema, _, name = table.partition(".")
                    yield Finding(
                        "write_policy_without_select",
                        "warn",
                        schema,
                        name,
                        f"{command} policy for {role} ({', '.join(writers)}) but no select "
                        f"policy: {command}s silently match no row",
                        f"add a select policy for {role}",
                    )


def policy_function_not_executable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.policies:
        for function in policy.functions:
            denied = [
                role
                for role, ok in (
                    ("anon", function.anon_execute),
                    ("authenticated", function.authenticated_execute),
                )
                if policy.applies_to(role) and not ok
            ]
            if denied:
                yield _finding(
                    "policy_function_not_executable",
                    "error",
                    policy,
                    f"policy {policy.name!r} calls {function.signature}, which "
                    f"{', '.join(denied)} cannot EXECUTE: requests fail with permission denied",
                    f"GRANT EXECUTE ON FUNCTION {function.signature} TO {', '.join(denied)};",
                )


def security_definer_function_executable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for function in snap.functions:
        if not function.security_definer:
            continue
        for role, ok in (
            ("anon", function.anon_execute),
            ("authenticated", function.authenticated_execute),
        ):
            if ok:
                yield Finding(
                    f"{role}_security_definer_function_executable",
                    "warn",
                    function.schema,
                    f"{function.name}({function.arguments})",
                    f"SECURITY DEFINER function callable by {role} through the API, with its "
                    "owner's rights",
                    f"REVOKE EXECUTE ON FUNCTION {function.signature} FROM {role}, public; "
                    "or move it to a schema the API does not expose",
                )


def function_search_path_mutable(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for function in snap.functions:
        if not function.search_path_set:
            yield Finding(
                "function_search_path_mutable",
                "warn",
                function.schema,
                f"{function.name}({function.arguments})",
                "function without a fixed search_path: a caller's search_path can redirect it",
                f"ALTER FUNCTION {function.signature} SET search_path = '';",
            )


def expectations_met(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    relations = {r.qualified: r for r in snap.relations}
    by_table = _policies_by_table(snap)
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
                f"ALTER TABLE {_ident(schema, name)} FORCE ROW LEVEL SECURITY;",
            )
        if expected.deny_all and by_table.get(table):
            names = ", ".join(p.name for p in by_table[table])
            yield Finding(
                "deny_all_has_policies",
                "error",
                schema,
                name,
                f"{expected.source} marks it deny-all, but it has policies: {names}",
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
                    f"CREATE POLICY {_ident(want.name)} ON {_ident(schema, name)} ...;",
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
                    f"ALTER POLICY {_ident(want.name)} ON {_ident(schema, name)} "
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
                "list it in policies/, or drop it",
            )


RULES: tuple[Rule, ...] = (
    rls_disabled_in_public,
    partition_rls_disabled,
    rls_enabled_no_policy,
    policy_exists_rls_disabled,
    security_definer_view,
    auth_users_exposed,
    materialized_view_in_api,
    foreign_table_in_api,
    sensitive_columns_exposed,
    service_role_missing_grant,
    rls_policy_always_true,
    rls_references_user_metadata,
    auth_rls_initplan,
    multiple_permissive_policies,
    restrictive_only_policies,
    write_policy_without_select,
    policy_function_not_executable,
    security_definer_function_executable,
    function_search_path_mutable,
    expectations_met,
)


def order(finding: Finding) -> tuple[str, str, int, str, str]:
    """The deterministic order of findings: by table, severity, rule, detail."""
    return (
        finding.schema,
        finding.object,
        LEVELS.index(finding.level),
        finding.rule,
        finding.detail,
    )


def evaluate(snap: Snapshot, exp: Expectations) -> tuple[list[Finding], list[tuple[Finding, str]]]:
    """(findings, ignored findings with the reason), both sorted deterministically."""
    findings: list[Finding] = []
    ignored: list[tuple[Finding, str]] = []
    for rule in RULES:
        for finding in rule(snap, exp):
            skip = exp.ignored(finding.rule, finding.qualified)
            if skip:
                ignored.append((finding, skip.reason))
            else:
                findings.append(finding)
    findings.sort(key=order)
    ignored.sort(key=lambda pair: order(pair[0]))
    return findings, ignored
