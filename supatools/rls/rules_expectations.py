"""The team's expectations (``policies/``), and the audit's notes about itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.rls.findings import Finding, ident, policies_by_table
from supatools.rls.register import declare, rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Snapshot
    from supatools.rls.expectations import Expectations, TableExpectation


def _present(snap: Snapshot, exp: Expectations) -> Iterator[tuple[str, str, TableExpectation]]:
    """(schema, name, what policies/ expects) of each expected table that exists."""
    if not exp.tables:
        return  # without policies/ files, no set of 20,000 names for each rule to make
    relations = {r.qualified for r in snap.relations}
    for table, expected in sorted(exp.tables.items()):
        if table in relations:
            schema, _, name = table.partition(".")
            yield schema, name, expected


@rule("expected_table_missing", "error", "A table policies/ expects does not exist.", fix="advice")
def expected_table_missing(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    if not exp.tables:
        return
    relations = {r.qualified for r in snap.relations}
    for table, expected in sorted(exp.tables.items()):
        schema, _, name = table.partition(".")
        if table not in relations and schema in snap.schemas:
            yield Finding(
                "expected_table_missing",
                "error",
                schema,
                name,
                f"{expected.source} describes it, but it does not exist",
                "",
                "create it, or remove it from policies/",
            )


@rule("expected_force_rls", "error", "policies/ expects FORCE ROW LEVEL SECURITY.")
def expected_force_rls(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    if not exp.tables:
        return
    forced = {r.qualified for r in snap.relations if r.force_rls}
    for schema, name, expected in _present(snap, exp):
        if expected.rls == "forced" and f"{schema}.{name}" not in forced:
            yield Finding(
                "expected_force_rls",
                "error",
                schema,
                name,
                f"{expected.source} requires FORCE ROW LEVEL SECURITY",
                f"ALTER TABLE {ident(schema, name)} FORCE ROW LEVEL SECURITY;",
            )


@rule("deny_all_has_policies", "error", "A deny_all table has policies.", fix="advice")
def deny_all_has_policies(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    for schema, name, expected in _present(snap, exp):
        policies = by_table.get(f"{schema}.{name}")
        if expected.deny_all and policies:
            yield Finding(
                "deny_all_has_policies",
                "error",
                schema,
                name,
                f"{expected.source} marks it deny-all, but it has policies: "
                + ", ".join(p.name for p in policies),
                "",
                "drop the policies, or remove deny_all from policies/",
            )


@rule("expected_policy_missing", "error", "A policy policies/ expects is missing.", fix="advice")
def expected_policy_missing(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    for schema, name, expected in _present(snap, exp):
        actual = {p.name for p in by_table.get(f"{schema}.{name}", [])}
        for want in expected.policies or ():
            if want.name not in actual:
                yield Finding(
                    "expected_policy_missing",
                    "error",
                    schema,
                    name,
                    f"policy {want.name!r} required by {expected.source} is missing",
                    "",
                    f"create it: CREATE POLICY {ident(want.name)} ON {ident(schema, name)} ...",
                )


@rule(
    "expected_policy_mismatch",
    "error",
    "A policy differs from what policies/ expects.",
    fix="mixed",
)
def expected_policy_mismatch(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    for schema, name, expected in _present(snap, exp):
        actual = {p.name: p for p in by_table.get(f"{schema}.{name}", [])}
        for want in expected.policies or ():
            have = actual.get(want.name)
            if have is None:
                continue  # expected_policy_missing
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


@rule("unexpected_policy", "warn", "A policy policies/ does not list.", fix="advice")
def unexpected_policy(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    by_table = policies_by_table(snap)
    for schema, name, expected in _present(snap, exp):
        if expected.policies is None:
            continue  # policies/ does not list this table's policies
        listed = {w.name for w in expected.policies}
        actual = {p.name for p in by_table.get(f"{schema}.{name}", [])}
        for extra in sorted(actual - listed):
            yield Finding(
                "unexpected_policy",
                "warn",
                schema,
                name,
                f"policy {extra!r} is not listed in {expected.source}",
                "",
                "list it in policies/, or drop it",
            )


#: made by :func:`supatools.rls.behaviour.run_tests`, which runs the tests on the server
declare(
    "behaviour_test_failed",
    "error",
    "A behaviour test of policies/ returned what it did not expect.",
    fix="advice",
)

declare(
    "schema_not_audited",
    "warn",
    "A schema the API serves is not in the audited set.",
    fix="advice",
)


def schema_not_audited(unaudited: list[str], schemas: tuple[str, ...], source: str) -> Finding:
    """Schemas the API serves that this run left out: a pass would prove nothing about them."""
    return Finding(
        "schema_not_audited",
        "warn",
        ",".join(unaudited),
        "",
        f"supabase/config.toml exposes {', '.join(unaudited)} through the API, but "
        f"this audit covered {', '.join(schemas) or 'no schema'} ({source})",
        "",
        "drop --schema (the audit then covers what config.toml exposes), or add "
        "those schemas to it",
    )


declare("no_tables_checked", "warn", "The audited schemas hold no table.", fix="advice")


def no_tables_checked(schemas: tuple[str, ...], source: str) -> Finding:
    """A clean pass over nothing proves nothing: say so."""
    return Finding(
        "no_tables_checked",
        "warn",
        ",".join(schemas),
        "",
        f"no table found in {', '.join(schemas) or 'no schema'} ({source}); nothing was proven",
        "",
        "check --schema / [api] schemas: is this the schema the API serves?",
    )
