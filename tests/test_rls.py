"""verify-rls on real PostgreSQL: every rule on a schema that trips it and one that must not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supatools.commands import hooks as run_hooks
from supatools.errors import ConfigError
from supatools.rls.audit import AuditResult, audit
from supatools.rls.findings import Finding
from supatools.settings import Settings
from tests.conftest import REPO, Database, run_cli, write

# a table done right: RLS, one policy per command, (select auth.uid()), explicit grants
GOOD = """
create table public.notes (id int primary key, owner uuid not null, body text);
alter table public.notes enable row level security;
create policy "owners read" on public.notes for select to authenticated
    using ((select auth.uid()) = owner);
create policy "owners edit" on public.notes for update to authenticated
    using ((select auth.uid()) = owner) with check ((select auth.uid()) = owner);
grant select, update on public.notes to authenticated;
grant select, insert, update, delete on public.notes to service_role;
"""


def run_audit(
    db: Database, setup: str, tmp_path: Path, toml: str | None = None, fail_on: str = "error"
) -> AuditResult:
    with db.connect() as conn:
        conn.execute(setup)
    policies = tmp_path / "policies"
    policies.mkdir(exist_ok=True)
    if toml is not None:
        write(policies, "public.toml", toml)
    with db.connect() as conn:
        return audit(conn, Settings(policies_dir=policies), fail_on)


def rules_on(result: AuditResult, obj: str) -> set[str]:
    return {f.rule for f in without_graphql(result) if f.qualified == obj}


def without_graphql(result: AuditResult) -> tuple[Finding, ...]:
    """The findings but pg_graphql's: those appear only where pg_graphql is installed (a
    hosted project and ``supatools local`` have it; a bare PostgreSQL does not), and are
    tested on their own in test_pg_graphql_lints_fire_only_where_pg_graphql_is_installed.
    The catalog's performance lints (no primary key, an unindexed foreign key) are left
    out too: these cases build small tables for other rules; test_rls_misses tests them."""
    return tuple(
        f
        for f in result.findings
        if not f.rule.startswith("pg_graphql_") and f.rule not in PERFORMANCE
    )


PERFORMANCE = frozenset({"no_primary_key", "unindexed_foreign_keys", "duplicate_index"})


def test_a_correct_table_has_no_finding(database: Database, tmp_path: Path) -> None:
    result = run_audit(database, GOOD, tmp_path)
    assert without_graphql(result) == () and result.ok and result.tables_checked == 1


def test_the_example_app_is_clean_and_meets_its_expectations(database: Database) -> None:
    run_hooks.migrate(
        Settings(migrations_dir=REPO / "migrations", policies_dir=REPO / "policies"),
        database.url,
        verify=False,
    )
    with database.connect() as conn:
        result = audit(conn, Settings(policies_dir=REPO / "policies"), "info")
    # its one finding is real: exercises.created_by references profiles with no index
    assert [
        (f.rule, f.qualified) for f in result.findings if not f.rule.startswith("pg_graphql_")
    ] == [("unindexed_foreign_keys", "public.exercises")]
    assert result.tables_checked == 5
    assert result.schemas == ("public",)
    assert result.schemas_source == "pgrst.db_schemas on role authenticator"


CASES = [
    # (rule, level, object, setup that trips it)
    (
        "rls_disabled_in_public",
        "error",
        "public.open",
        "create table public.open (id int); grant select on public.open to anon;",
    ),
    (
        "rls_enabled_no_policy",
        "warn",
        "public.locked",
        "create table public.locked (id int); alter table public.locked enable row level security;",
    ),
    (
        "policy_exists_rls_disabled",
        "error",
        "public.p",
        "create table public.p (id int); create policy x on public.p using (true);",
    ),
    (
        "security_definer_view",
        "error",
        "public.v",
        GOOD
        + "create view public.v as select * from public.notes; grant select on public.v to anon;",
    ),
    (
        "rls_policy_always_true",
        "warn",
        "public.notes",
        GOOD + 'create policy "anyone writes" on public.notes for insert to authenticated '
        "with check (true);",
    ),
    (
        "rls_references_user_metadata",
        "error",
        "public.notes",
        GOOD + "create policy meta on public.notes for delete to authenticated "
        "using ((select auth.jwt()) -> 'user_metadata' ->> 'role' = 'admin');",
    ),
    (
        "auth_users_exposed",
        "error",
        "public.emails",
        "create view public.emails as select id, email from auth.users; "
        "grant select on public.emails to authenticated;",
    ),
    (
        "materialized_view_in_api",
        "warn",
        "public.mv",
        GOOD + "create materialized view public.mv as select id from public.notes; "
        "grant select on public.mv to anon;",
    ),
    (
        "foreign_table_in_api",
        "warn",
        "public.remote",
        "create foreign data wrapper test_fdw; "
        "create server test_srv foreign data wrapper test_fdw; "
        "create foreign table public.remote (id int) server test_srv; "
        "grant select on public.remote to anon;",
    ),
    (
        "sensitive_columns_exposed",
        "error",
        "public.accounts",
        "create table public.accounts (id int, password text); "
        "grant select on public.accounts to anon;",
    ),
    (
        "service_role_missing_grant",
        "error",
        "public.notes",
        GOOD + "revoke delete on public.notes from service_role;",
    ),
    (
        "auth_rls_initplan",
        "warn",
        "public.notes",
        GOOD + "create policy slow on public.notes for delete to authenticated "
        "using (auth.uid() = owner);",
    ),
    (
        "multiple_permissive_policies",
        "warn",
        "public.notes",
        GOOD + 'create policy "also read" on public.notes for select to authenticated '
        "using (owner is not null);",
    ),
    (
        "restrictive_only_policies",
        "warn",
        "public.r",
        "create table public.r (id int); alter table public.r enable row level security; "
        "create policy only_narrow on public.r as restrictive for select to authenticated "
        "using (id > 0); grant all on public.r to service_role;",
    ),
    (
        "write_policy_without_select",
        "warn",
        "public.w",
        "create table public.w (id int, owner uuid); "
        "alter table public.w enable row level security; "
        "create policy upd on public.w for update to authenticated "
        "using ((select auth.uid()) = owner); grant all on public.w to service_role;",
    ),
    (
        "policy_function_not_executable",
        "error",
        "public.notes",
        GOOD + "create function public.is_admin() returns boolean language sql stable "
        "set search_path = '' as 'select false'; "
        "revoke execute on function public.is_admin() from public; "
        "create policy admins on public.notes for delete to authenticated "
        "using (public.is_admin());",
    ),
    (
        "function_search_path_mutable",
        "warn",
        "public.helper()",
        "create function public.helper() returns int language sql as 'select 1';",
    ),
    (
        "anon_security_definer_function_executable",
        "warn",
        "public.elevate()",
        "create function public.elevate() returns int language sql security definer "
        "set search_path = '' as 'select 1'; grant execute on function public.elevate() to anon;",
    ),
]


@pytest.mark.parametrize(("rule", "level", "obj", "setup"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_the_hole(
    database: Database, tmp_path: Path, rule: str, level: str, obj: str, setup: str
) -> None:
    result = run_audit(database, setup, tmp_path, fail_on="info")
    matching = [f for f in result.findings if f.rule == rule]
    assert matching, result.findings
    assert {f.qualified for f in matching} == {obj}
    assert {f.level for f in matching} == {level}
    assert all((f.remediation or f.hint) and f.detail for f in matching)


FIXED = [
    (
        "security_definer_view",
        GOOD + "create view public.v with (security_invoker = true) as select * from public.notes; "
        "grant select on public.v to anon;",
    ),
    (
        "rls_policy_always_true",
        GOOD + 'create policy "anyone reads" on public.notes for select to anon using (true);',
    ),
    ("auth_users_exposed", "create view public.emails as select id, email from auth.users;"),
    (
        "sensitive_columns_exposed",
        "create table public.accounts (id int, password text); "
        "alter table public.accounts enable row level security; "
        "grant select on public.accounts to anon;",
    ),
    (
        "function_search_path_mutable",
        "create function public.helper() returns int language sql set search_path = '' "
        "as 'select 1';",
    ),
    (
        "anon_security_definer_function_executable",
        "create function public.elevate() returns int language sql security definer "
        "set search_path = '' as 'select 1'; "
        "revoke execute on function public.elevate() from public;",
    ),
    (
        "rls_disabled_in_public",
        "create table public.done (id int); alter table public.done enable row level security; "
        "create policy p on public.done for select to authenticated using (true);",
    ),
]


@pytest.mark.parametrize(("rule", "setup"), FIXED, ids=[c[0] for c in FIXED])
def test_rule_is_silent_when_the_hole_is_closed(
    database: Database, tmp_path: Path, rule: str, setup: str
) -> None:
    result = run_audit(database, setup, tmp_path, fail_on="info")
    assert rule not in {f.rule for f in result.findings}, result.findings


def test_partitions_without_rls_are_found(database: Database, tmp_path: Path) -> None:
    result = run_audit(
        database,
        "create table public.events (id int, at date) partition by range (at);"
        "create table public.events_2025 partition of public.events "
        "  for values from ('2025-01-01') to ('2026-01-01');"
        "create table public.events_2026 partition of public.events "
        "  for values from ('2026-01-01') to ('2027-01-01');"
        "alter table public.events enable row level security;"
        "alter table public.events_2026 enable row level security;"
        "create policy r on public.events for select to authenticated using (true);"
        "grant all on public.events to service_role;"
        "grant select on public.events, public.events_2025 to authenticated;",
        tmp_path,
    )
    assert rules_on(result, "public.events_2025") == {"partition_rls_disabled"}
    assert rules_on(result, "public.events_2026") == set()  # RLS on, deny-all when direct
    assert rules_on(result, "public.events") == set()


def test_internal_schemas_and_extension_objects_are_left_out(
    database: Database, tmp_path: Path
) -> None:
    result = run_audit(
        database,
        "create table auth.sessions_copy (id int);"  # auth is Supabase's, never the user's
        "create function public.ext_helper() returns int language sql as 'select 1';"
        "alter extension plpgsql add function public.ext_helper();",
        tmp_path,
        fail_on="info",
    )
    # nothing of the user's is left to check, and the audit says so instead of a clean pass
    assert [f.rule for f in result.findings] == ["no_tables_checked"]


def test_schemas_flag_wins_and_is_reported(database: Database, tmp_path: Path) -> None:
    with database.connect() as conn:
        conn.execute("create schema api; create table api.items (id int);")
    with database.connect() as conn:
        result = audit(
            conn, Settings(schemas=("api",), schemas_source="flag", policies_dir=tmp_path), "error"
        )
    assert result.schemas == ("api",) and result.schemas_source == "flag"
    assert rules_on(result, "api.items") == {"rls_disabled_in_public", "service_role_missing_grant"}


# --- policies/ ----------------------------------------------------------------------------


def test_deny_all_silences_no_policy_and_ignores_carry_their_reason(
    database: Database, tmp_path: Path
) -> None:
    toml = """
[tables.vault_items]
deny_all = true

[[ignore]]
rule = "multiple_permissive_policies"
object = "public.notes"
reason = "two read paths on purpose"
"""
    setup = GOOD + (
        'create policy "also read" on public.notes for select to authenticated using (true);'
        "create table public.vault_items (id int);"
        "alter table public.vault_items enable row level security;"
        "grant all on public.vault_items to service_role;"
    )
    result = run_audit(database, setup, tmp_path, toml, fail_on="info")
    assert rules_on(result, "public.vault_items") == set()
    assert "multiple_permissive_policies" not in {f.rule for f in result.findings}
    assert [(f.rule, reason) for f, reason in result.ignored] == [
        ("multiple_permissive_policies", "two read paths on purpose")
    ]


def test_missing_unexpected_and_mismatched_policies(database: Database, tmp_path: Path) -> None:
    toml = """
[tables.notes]
rls = "forced"
policies = [
  { name = "owners read", command = "select", roles = ["authenticated"] },
  { name = "owners delete", command = "delete", roles = ["authenticated"] },
  { name = "owners edit", command = "update", roles = ["anon"] },
]

[tables.gone]
"""
    result = run_audit(
        database,
        GOOD + "create policy extra on public.notes for insert "
        "to authenticated with check ((select auth.uid()) = owner);",
        tmp_path,
        toml,
        fail_on="info",
    )
    details = {
        (f.rule, f.detail.split(" ")[1] if f.rule.startswith("expected_policy") else "")
        for f in result.findings
        if f.object == "notes"
    }
    assert ("expected_policy_missing", "'owners") in details
    assert ("expected_policy_mismatch", "'owners") in details
    assert "expected_force_rls" in rules_on(result, "public.notes")
    assert "unexpected_policy" in rules_on(result, "public.notes")
    assert rules_on(result, "public.gone") == {"expected_table_missing"}


@pytest.mark.parametrize(
    ("toml", "words"),
    [
        ("[tables.notes]\npolices = []\n", "unknown key 'polices' in [tables.notes]"),
        ("[tables.notes\n", "not valid TOML"),
        ('[tables.notes]\nrls = "sometimes"\n', "rls is 'sometimes'"),
        ('[[ignore]]\nrule = "x"\nobject = "public.t"\n', "needs 'reason'"),
        ("bogus = 1\n", "unknown key 'bogus' in the file"),
    ],
)
def test_bad_expectations_are_bad_input_naming_file_and_key(
    database: Database, tmp_path: Path, toml: str, words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        run_audit(database, "select 1;", tmp_path, toml)
    assert words in caught.value.message and "public.toml" in caught.value.message
    assert caught.value.exit_code == 2


# --- the command and the gate -------------------------------------------------------------


def test_verify_rls_cli_json_and_exit_codes(database: Database, tmp_path: Path) -> None:
    with database.connect() as conn:
        conn.execute("create table public.open (id int); grant select on public.open to anon;")
    run = run_cli("verify-rls", "--json", "--db-url", database.url, cwd=tmp_path)
    document = json.loads(run.stdout)
    assert run.returncode == 1
    assert set(document) >= {"ok", "schemas", "schemas_source", "tables_checked", "findings"}
    assert document["ok"] is False and document["tables_checked"] == 1
    assert {"rule", "level", "schema", "object", "detail", "remediation", "hint"} == set(
        document["findings"][0]
    )
    human = run_cli("verify-rls", "--db-url", database.url, cwd=tmp_path)
    assert human.returncode == 1 and human.stdout.startswith("public.open\n")
    assert "ERROR  rls_disabled_in_public" in human.stdout
    bad = run_cli("verify-rls", "--fail-on", "sometimes", "--db-url", database.url, cwd=tmp_path)
    assert bad.returncode == 2


def project_with(tmp_path: Path, second: tuple[str, str]) -> Path:
    """A project folder whose migrations are GOOD and then ``second`` (name, SQL)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_good.sql", GOOD)
    write(migrations, *second)
    return migrations


def test_migrate_gate_fails_naming_tables_and_atomic_rolls_everything_back(
    database: Database, tmp_path: Path
) -> None:
    leaky = "create table public.leaky (id int);\ngrant select on public.leaky to anon;\n"
    migrations = project_with(tmp_path, ("20250102000000_hole.sql", leaky))
    atomic = run_cli("migrate", "--atomic", "--db-url", database.url, cwd=tmp_path)
    assert atomic.returncode == 1
    assert "public.leaky" in atomic.stderr and "rolled back" in atomic.stderr
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.notes')::text") is None

    plain = run_cli("migrate", "--json", "--db-url", database.url, cwd=tmp_path)
    document = json.loads(plain.stdout)
    assert plain.returncode == 1 and document["ok"] is False
    assert [
        f["object"]
        for f in document["verify"]["findings"]
        if not f["rule"].startswith("pg_graphql_") and f["rule"] not in PERFORMANCE
    ] == ["leaky", "leaky"]
    assert len(database.applied_versions()) == 2  # applied, then the gate failed

    write(
        migrations,
        "20250103000000_fix.sql",
        "alter table public.leaky enable row level security;\n"
        "create policy anyone on public.leaky for select to anon using (true);\n"
        "grant all on public.leaky to service_role;\n",
    )
    fixed = run_cli("migrate", "--atomic", "--db-url", database.url, cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert len(database.applied_versions()) == 3


def test_atomic_refuses_no_transaction_files_and_fail_on_warn(
    database: Database, tmp_path: Path
) -> None:
    index = "-- supatools:no-transaction\ncreate index concurrently i on public.notes (owner);\n"
    migrations = project_with(tmp_path, ("20250102000000_idx.sql", index))
    refused = run_cli("migrate", "--atomic", "--db-url", database.url, cwd=tmp_path)
    assert refused.returncode == 2 and "20250102000000_idx.sql" in refused.stderr
    assert database.applied_versions() == []
    (migrations / "20250102000000_idx.sql").unlink()
    write(
        migrations,
        "20250102000000_slow.sql",
        "create policy slow on public.notes for delete to authenticated "
        "using (auth.uid() = owner);\n",
    )
    warned = run_cli(
        "migrate", "--atomic", "--fail-on", "warn", "--db-url", database.url, cwd=tmp_path
    )
    assert warned.returncode == 1 and "auth_rls_initplan" in warned.stdout
    assert database.applied_versions() == []


# --- behaviour tests in policies/ ---------------------------------------------------------

BEHAVIOUR = """
[[tables.notes.tests]]
name = "owner sees own note"
as = "authenticated"
sub = "11111111-1111-1111-1111-111111111111"
setup = '''
insert into public.notes values
  (1, '11111111-1111-1111-1111-111111111111', 'mine'),
  (2, '22222222-2222-2222-2222-222222222222', 'theirs')
'''
query = "select id, body from public.notes"
rows = [[1, "mine"]]

[[tables.notes.tests]]
name = "anon is refused"
as = "anon"
query = "select * from public.notes"
refused = true

[[tables.notes.tests]]
name = "edits only own rows"
as = "authenticated"
sub = "11111111-1111-1111-1111-111111111111"
setup = "insert into public.notes values (3, '22222222-2222-2222-2222-222222222222', 'x')"
query = "update public.notes set body = 'y' returning id"
count = 0
"""


def test_behaviour_tests_pass_on_correct_policies_and_roll_back(
    database: Database, tmp_path: Path
) -> None:
    result = run_audit(database, GOOD, tmp_path, BEHAVIOUR)
    assert without_graphql(result) == ()
    assert database.scalar("select count(*) from public.notes") == 0  # always rolled back


def test_behaviour_tests_catch_a_policy_that_leaks(database: Database, tmp_path: Path) -> None:
    leaky = GOOD + (
        'create policy "everyone reads" on public.notes for select to authenticated '
        "using (true); grant select on public.notes to anon;"
        'create policy "anon reads" on public.notes for select to anon using (true);'
    )
    result = run_audit(database, leaky, tmp_path, BEHAVIOUR)
    failed = sorted(f.detail for f in result.findings if f.rule == "behaviour_test_failed")
    assert len(failed) == 2
    assert "'anon is refused' as anon: expected refusal, got 0 row(s)" in failed[0]
    assert "'owner sees own note'" in failed[1] and "['2', 'theirs']" in failed[1]
    assert not result.ok


def test_bad_behaviour_test_is_bad_input(database: Database, tmp_path: Path) -> None:
    toml = '[[tables.notes.tests]]\nas = "root"\nquery = "select 1"\nrefused = true\n'
    with pytest.raises(ConfigError, match=r"tests\[0\]\.as is 'root'"):
        run_audit(database, GOOD, tmp_path, toml)
