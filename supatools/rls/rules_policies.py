"""Rules about the policies themselves: what they let through, what they trust, how
they perform."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.levels import Level
from supatools.rls.findings import Finding, finding, is_true
from supatools.rls.model import API_ROLES
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Policy, Snapshot
    from supatools.rls.expectations import Expectations


#: the privilege each write command needs
_WRITES: dict[str, tuple[str, ...]] = {
    "insert": ("INSERT",),
    "update": ("UPDATE",),
    "delete": ("DELETE",),
    "all": ("INSERT", "UPDATE", "DELETE"),
}
_ANON = "; anon holds the table privilege: anyone with the public anon key can do it"


@rule(
    "rls_policy_always_true",
    ("warn", "error"),
    "A write policy for the API roles whose USING or WITH CHECK is always true.",
    splinter="0024_rls_policy_always_true",
    fix="advice",
)
def rls_policy_always_true(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    api = {"public", *API_ROLES}
    anon_writes = {
        rel.qualified: set(rel.anon_privileges) for rel in snap.relations if rel.anon_write
    }
    for policy in snap.policies:
        if not policy.permissive or policy.command == "select":
            continue
        if api.isdisjoint(policy.roles):
            continue
        using = policy.using is not None and is_true(snap, policy.using)
        # an UPDATE (or ALL) policy without WITH CHECK checks new rows with its USING
        check = policy.with_check if policy.with_check is not None else policy.using
        check_true = (
            policy.command in ("insert", "update", "all")
            and check is not None
            and is_true(snap, check)
        )
        if using or check_true:
            clause = "WITH CHECK" if check_true and not using else "USING"
            # as rls_disabled_in_public escalates: anyone with the public key writes
            held = anon_writes.get(policy.qualified_table, set())
            anon = policy.applies_to("anon") and bool(held & set(_WRITES[policy.command]))
            opens = using or policy.command == "insert"
            level: Level = "error" if anon and opens else "warn"
            yield finding(
                "rls_policy_always_true",
                level,
                policy,
                f"policy {policy.name!r} ({policy.command}) for {', '.join(policy.roles)}: "
                + _what_true_allows(policy.command, using, check_true)
                + (_ANON if level == "error" else ""),
                "",
                "restrict it to the rows the role may write, e.g. "
                f"{clause} ((select auth.uid()) = user_id)",
            )


def _what_true_allows(command: str, using: bool, check: bool) -> str:
    """Which clause of a write policy is true, and what that lets its roles do."""
    if command == "insert":
        return "WITH CHECK is true: they may insert any row, with any values (an owner column too)"
    if command == "delete":
        return "USING is true: they may delete any row"
    verb = "update" if command == "update" else "read, update and delete"
    if using and check:
        return (
            f"USING and WITH CHECK are true: they may {verb} any row, and write anything "
            "into it (an owner column too)"
        )
    if using:
        return f"USING is true: they may {verb} any row (the new row must still pass WITH CHECK)"
    if command == "update":
        return (
            "WITH CHECK is true: a user who may update a row may change it to anything, "
            "including its owner column"
        )
    return (
        "WITH CHECK is true: they may insert any row, and change a row they may update to "
        "anything, including its owner column"
    )


@rule(
    "rls_references_user_metadata",
    "error",
    "A policy trusts user_metadata from the JWT, which users can edit.",
    splinter="0015_rls_references_user_metadata",
    fix="advice",
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
        for name in sorted(called_functions(parsed, unqualified="public")):
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


@rule(
    "auth_rls_initplan",
    "warn",
    "A policy calls auth.uid()/auth.jwt()/current_setting() once per row.",
    splinter="0003_auth_rls_initplan",
    fix="advice",
)
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


@rule(
    "multiple_permissive_policies",
    "warn",
    "Several permissive policies for one role and command.",
    splinter="0006_multiple_permissive_policies",
    fix="advice",
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


@rule(
    "restrictive_only_policies",
    "warn",
    "Only restrictive policies for a role and command: deny-all by accident.",
    fix="advice",
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


@rule(
    "write_policy_without_select",
    "warn",
    "An UPDATE/DELETE policy without a SELECT policy: writes silently match nothing.",
    fix="advice",
)
def write_policy_without_select(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    """From the (role, command) buckets every policy rule shares: an UPDATE/DELETE policy
    for a role with no permissive SELECT policy on that table.

    The buckets come table by table, and for each role select before update and delete
    (:attr:`Snapshot.per_role_and_command`): one pass, remembering the last (table, role)
    that has a permissive select policy."""
    covered = None  # the last (schema, table, role) with a permissive select policy
    for schema, name, role, command, applying in snap.per_role_and_command:
        if command == "select":
            if any(p.permissive for p in applying):
                covered = (schema, name, role)
            continue
        if command == "insert" or covered == (schema, name, role):
            continue
        # only policies written for that command (FOR ALL would cover select too)
        writers = [p.name for p in applying if p.permissive and p.command == command]
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
