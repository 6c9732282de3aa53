"""Issue 9: the audit's false errors are zero, and always-true policies are found however
they are written. Each case runs the real audit on real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.rls.findings import Finding
from tests.conftest import Database
from tests.test_rls import GOOD, run_audit

VIEW = "create view public.v with (security_invoker = {value}) as select * from public.notes;"


def rules_of(database: Database, tmp_path: Path, setup: str) -> dict[str, set[str]]:
    """rule -> levels, for every finding of the audit after ``setup``."""
    found: dict[str, set[str]] = {}
    for f in run_audit(database, setup, tmp_path, fail_on="info").findings:
        found.setdefault(f.rule, set()).add(f.level)
    return found


def assert_fix_closes(database: Database, tmp_path: Path, finding: Finding) -> None:
    """Paste the finding's remediation as printed: it runs, and the finding is gone."""
    with database.connect() as conn:
        conn.execute(finding.remediation)
    assert finding.rule not in rules_of(database, tmp_path, "select 1;")


INVOKER_ON = ["yes", "'True'", "on", "1", "'t'", "TRUE"]
INVOKER_OFF = ["no", "'False'", "off", "0"]


def test_security_invoker_is_read_as_postgresql_reads_booleans(
    database: Database, tmp_path: Path
) -> None:
    """One view per spelling: on in any spelling is silent, off in any spelling is found."""
    views = [(f"on_{i}", v) for i, v in enumerate(INVOKER_ON)]
    views += [(f"off_{i}", v) for i, v in enumerate(INVOKER_OFF)]
    setup = GOOD + "".join(
        f"create view public.{name} with (security_invoker = {value}) as "
        f"select * from public.notes; grant select on public.{name} to anon;"
        for name, value in views
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    flagged = {f.object for f in found if f.rule == "security_definer_view"}
    assert flagged == {name for name, _ in views if name.startswith("off_")}


def test_a_column_named_user_metadata_is_not_the_jwt(database: Database, tmp_path: Path) -> None:
    setup = GOOD + (
        "alter table public.notes add column user_metadata jsonb;"
        "create policy own_meta on public.notes for delete to authenticated "
        "using ((user_metadata ->> 'kind') = 'draft' and (select auth.uid()) = owner);"
    )
    assert "rls_references_user_metadata" not in rules_of(database, tmp_path, setup)


@pytest.mark.parametrize(
    "clause",
    [
        "((select auth.jwt()) -> 'user_metadata' ->> 'role') = 'admin'",
        "(auth.jwt() #>> '{user_metadata,role}') = 'admin'",
        "(current_setting('request.jwt.claims', true)::jsonb -> 'user_metadata' ->> 'role')"
        " = 'admin'",
    ],
)
def test_user_metadata_from_the_jwt_is_found_in_every_form(
    database: Database, tmp_path: Path, clause: str
) -> None:
    policy = f"create policy meta on public.notes for delete to authenticated using ({clause});"
    setup = GOOD + policy
    assert rules_of(database, tmp_path, setup)["rls_references_user_metadata"] == {"error"}


def test_rls_off_without_api_privileges_is_a_warning_and_with_them_an_error(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        "create table public.back_office (id int);"
        "revoke all on public.back_office from anon, authenticated;"
    )
    assert rules_of(database, tmp_path, setup)["rls_disabled_in_public"] == {"warn"}
    exposed = "grant select on public.back_office to authenticated;"
    assert rules_of(database, tmp_path, exposed)["rls_disabled_in_public"] == {"error"}


def test_a_security_definer_trigger_function_is_not_callable_through_the_api(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        "create function public.stamp() returns trigger language plpgsql security definer "
        "set search_path = '' as 'begin return new; end';"
        "grant execute on function public.stamp() to anon, authenticated;"
        "create trigger stamp before insert on public.notes "
        "for each row execute function public.stamp();"
    )
    found = rules_of(database, tmp_path, setup)
    assert not {r for r in found if r.endswith("_security_definer_function_executable")}
    plain = (
        "create function public.elevate() returns int language sql security definer "
        "set search_path = '' as 'select 1'; grant execute on function public.elevate() to anon;"
    )
    assert "anon_security_definer_function_executable" in rules_of(database, tmp_path, plain)


def test_pre_2026_default_grants_are_read_from_the_live_acls(
    database: Database, tmp_path: Path
) -> None:
    """A project created before 2026-10-30: default privileges grant the API roles and
    service_role everything; a new table has them all and no grant finding."""
    setup = (
        "alter default privileges in schema public grant all on tables "
        "to anon, authenticated, service_role;"
        "create table public.legacy (id int primary key, owner uuid);"
        "alter table public.legacy enable row level security;"
        "create policy own on public.legacy for select to authenticated "
        "using ((select auth.uid()) = owner);"
    )
    assert "service_role_missing_grant" not in rules_of(database, tmp_path, setup)


ALWAYS_TRUE = ["1 = 1", "true and true", "'a' = 'a'", "coalesce(true, false)", "not false", "2 > 1"]
NOT_ALWAYS_TRUE = [
    "1 = 2",
    "owner = owner",
    "now() is not null",
    "current_user = 'postgres'",
    "(select true)",
    "(select auth.uid()) = owner",
]


def test_always_true_in_any_spelling_is_found_and_row_or_call_dependent_is_not(
    database: Database, tmp_path: Path
) -> None:
    """One table per clause: constant-true clauses are found, the others are not."""
    clauses = [*ALWAYS_TRUE, *NOT_ALWAYS_TRUE]
    setup = "".join(
        f"create table public.w_{i} (id int, owner uuid);"
        f"alter table public.w_{i} enable row level security;"
        f"create policy ins on public.w_{i} for insert to authenticated with check ({clause});"
        for i, clause in enumerate(clauses)
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    flagged = {f.object for f in found if f.rule == "rls_policy_always_true"}
    assert flagged == {f"w_{i}" for i in range(len(ALWAYS_TRUE))}


# --- misses: classes the audit did not see --------------------------------------------------


def test_a_policy_for_a_role_without_the_grant_is_an_error_with_the_exact_grant(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + "revoke update on public.notes from authenticated;"
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    missing = [f for f in found if f.rule == "api_role_missing_grant"]
    assert [(f.level, f.remediation) for f in missing] == [
        ("error", 'GRANT UPDATE ON "public"."notes" TO authenticated;')
    ]
    with database.connect() as conn:  # the remediation runs, and the finding is gone
        conn.execute(missing[0].remediation)
    assert "api_role_missing_grant" not in rules_of(database, tmp_path, "select 1;")


def test_a_serial_sequence_the_inserting_role_cannot_use_is_found(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        "create table public.posts (id serial primary key, owner uuid);"
        "alter table public.posts enable row level security;"
        "create policy ins on public.posts for insert to authenticated "
        "with check ((select auth.uid()) = owner);"
        "create policy sel on public.posts for select to authenticated "
        "using ((select auth.uid()) = owner);"
        "grant select, insert on public.posts to authenticated;"
        "grant all on public.posts to service_role;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    remediations = [f.remediation for f in found if f.rule == "api_role_missing_grant"]
    assert remediations == ["GRANT USAGE ON SEQUENCE public.posts_id_seq TO authenticated;"]
    with database.connect() as conn:
        conn.execute(remediations[0])
    assert "api_role_missing_grant" not in rules_of(database, tmp_path, "select 1;")


SENSITIVE = {
    "user_password": True,
    '"stripeApiKey"': True,
    "session_token": True,
    "otp": True,
    "imei": True,
    "routing_number": True,
    "token_count": False,
    "password_reset_sent_at": False,
    "treatment_plan_name": False,
}


def test_sensitive_column_names_match_by_their_last_words(
    database: Database, tmp_path: Path
) -> None:
    """One table per column name, readable by anon without RLS."""
    setup = "".join(
        f"create table public.t_{i} (id int, {column} text); grant select on public.t_{i} to anon;"
        for i, column in enumerate(SENSITIVE)
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    flagged = {f.object for f in found if f.rule == "sensitive_columns_exposed"}
    assert flagged == {f"t_{i}" for i, (_, hit) in enumerate(SENSITIVE.items()) if hit}


def test_an_extension_in_an_exposed_schema_is_found_with_a_move_that_runs(
    database: Database, tmp_path: Path
) -> None:
    available = database.scalar(
        "select name from pg_available_extensions where name in ('vector', 'citext') "
        "order by name limit 1"
    )
    assert available, "neither vector nor citext is available on this server"
    found = run_audit(
        database, f'create extension "{available}" schema public;', tmp_path, fail_on="info"
    ).findings
    moves = [f for f in found if f.rule == "extension_in_public"]
    assert [(f.level, f.object) for f in moves] == [("warn", available)]
    assert_fix_closes(database, tmp_path, moves[0])


def test_a_security_definer_function_outside_the_api_schemas_needs_a_search_path(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        "create schema private;"
        "create function private.audit_row() returns trigger language plpgsql "
        "security definer as 'begin return new; end';"
        "create function private.plain() returns int language sql as 'select 1';"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    mutable = {f.qualified for f in found if f.rule == "function_search_path_mutable"}
    assert mutable == {"private.audit_row()"}  # the invoker-rights one is not our business
    assert not any(f.rule.endswith("_security_definer_function_executable") for f in found)


def test_auth_users_through_a_view_of_a_view_is_found(database: Database, tmp_path: Path) -> None:
    setup = (
        "create view public.inner_users as select id, email from auth.users;"
        "create view public.outer_users as select * from public.inner_users;"
        "grant select on public.outer_users to authenticated;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    assert "public.outer_users" in {f.qualified for f in found if f.rule == "auth_users_exposed"}


# --- splinter's catalog lints ---------------------------------------------------------------


def test_reg_type_columns_block_upgrades_and_the_fix_runs(
    database: Database, tmp_path: Path
) -> None:
    setup = "create table public.registry (id int, fn regprocedure, ok regclass);"
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    reg = [f for f in found if f.rule == "unsupported_reg_types"]
    assert [(f.level, f.qualified) for f in reg] == [("warn", "public.registry")]
    assert "fn" in reg[0].detail  # regclass is supported by pg_upgrade: not reported
    assert_fix_closes(database, tmp_path, reg[0])


def test_a_foreign_key_to_a_unique_auth_column_is_an_error(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        "create unique index if not exists users_email_key on auth.users (email);"
        "create table public.invites (id int, email varchar(255) references auth.users (email));"
        "create table public.profiles (id uuid references auth.users (id));"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    fkeys = [f for f in found if f.rule == "fkey_to_auth_unique"]
    assert [(f.level, f.qualified) for f in fkeys] == [("error", "public.invites")]


def test_a_pgmq_queue_readable_through_pgmq_public_without_rls_is_an_error(
    database: Database, tmp_path: Path
) -> None:
    from supatools.rls.audit import audit
    from supatools.settings import Settings

    with database.connect() as conn:
        conn.execute(
            "create schema pgmq; create schema pgmq_public;"
            "create table pgmq.q_jobs (msg_id bigint, message jsonb);"
            "create table pgmq.meta (queue_name text);"
            "grant usage on schema pgmq to authenticated;"
            "grant select on pgmq.q_jobs, pgmq.meta to authenticated;"
        )
    settings = Settings(policies_dir=tmp_path / "none", schemas=("public", "pgmq_public"))
    with database.connect() as conn:
        found = audit(conn, settings, "info").findings
    queues = [f for f in found if f.rule == "insecure_queue_exposed_in_api"]
    assert [(f.level, f.qualified) for f in queues] == [("error", "pgmq.q_jobs")]


def test_an_outdated_extension_is_found_and_a_current_one_is_not(
    database: Database, tmp_path: Path
) -> None:
    older = database.scalar(
        "select v.name || ' ' || v.version from pg_available_extension_versions v "
        "join pg_available_extensions a on a.name = v.name "
        "where v.version <> a.default_version and v.name in ('citext', 'vector') "
        "and exists (select 1 from pg_available_extension_versions w where w.name = v.name "
        "and w.version = a.default_version) "
        "order by 1 limit 1"
    )
    current = database.scalar(
        "select name from pg_available_extensions where name in ('vector', 'citext') "
        "order by name limit 1"
    )
    assert current, "neither vector nor citext is available on this server"
    with database.connect() as conn:
        conn.execute(f'create extension "{current}" schema extensions')
    assert "extension_versions_outdated" not in rules_of(database, tmp_path, "select 1;")
    if older is None:
        return  # this server ships only the current version of both: nothing can be outdated
    name, version = str(older).split(" ")
    with database.connect() as conn:
        conn.execute(f'drop extension "{current}"')
        conn.execute(f"create extension \"{name}\" version '{version}' schema extensions")
    found = run_audit(database, "select 1;", tmp_path, fail_on="info").findings
    outdated = [f for f in found if f.rule == "extension_versions_outdated"]
    assert [(f.level, f.object) for f in outdated] == [("warn", name)]
    assert_fix_closes(database, tmp_path, outdated[0])


# --- remediations that run -------------------------------------------------------------------

from tests.test_rls import CASES  # noqa: E402

#: what a remediation may leave behind, by design, and says so in its hint
FOLLOW_UPS = {
    "rls_disabled_in_public": {"rls_enabled_no_policy"},
    "sensitive_columns_exposed": {"rls_enabled_no_policy"},
}


#: every privilege an API role holds on the database's own objects: (role, object, privilege)
ACCESS = """
WITH roles(name) AS (VALUES ('anon'), ('authenticated'), ('service_role')),
     own AS (SELECT oid, nspname FROM pg_namespace
             WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
               AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%')
SELECT r.name, c.oid::regclass::text, p.priv
FROM pg_class c JOIN own n ON n.oid = c.relnamespace
CROSS JOIN roles r
CROSS JOIN (VALUES ('SELECT'), ('INSERT'), ('UPDATE'), ('DELETE')) AS p(priv)
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_table_privilege(r.name, c.oid, p.priv)
UNION ALL
SELECT r.name, f.oid::regprocedure::text, 'EXECUTE'
FROM pg_proc f JOIN own n ON n.oid = f.pronamespace CROSS JOIN roles r
WHERE has_function_privilege(r.name, f.oid, 'EXECUTE')
UNION ALL
SELECT r.name, n.nspname, 'USAGE'
FROM own n CROSS JOIN roles r WHERE has_schema_privilege(r.name, n.oid, 'USAGE')
"""


def access(url: str) -> set[tuple[str, str, str]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return {(str(a), str(b), str(c)) for a, b, c in conn.execute(ACCESS)}


def intended(lost: tuple[str, str, str], finding: Finding) -> bool:
    """A privilege the remediation takes away on purpose: one on the object it is about."""
    _, obj, _ = lost
    name = finding.object.split("(")[0]
    return name in obj.replace('"', "")


@pytest.mark.parametrize(("rule", "level", "obj", "setup"), CASES, ids=[c[0] for c in CASES])
def test_every_remediation_runs_on_a_copy_closes_its_hole_and_takes_no_other_access(
    database: Database, tmp_path: Path, rule: str, level: str, obj: str, setup: str
) -> None:
    """The remediation is pasted as given on a copy of the database (CREATE DATABASE ...
    TEMPLATE): it runs, the finding is gone, no new error appears other than the
    follow-up its hint announces, and no API role loses a privilege on anything but the
    object the finding is about."""
    import uuid

    import psycopg
    from psycopg import sql

    from tests.conftest import with_dbname

    before = run_audit(database, setup, tmp_path, fail_on="info").findings
    target = [f for f in before if f.rule == rule and f.qualified == obj]
    assert target, before
    if not target[0].remediation:
        assert target[0].hint, "a finding without SQL must say what to do"
        return
    copy = Database(with_dbname(database.url, f"copy_{uuid.uuid4().hex[:10]}"), "")
    copy.name = copy.url.rsplit("/", 1)[1]
    with psycopg.connect(database.url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(copy.name), sql.Identifier(database.name)
            )
        )
    try:
        had = access(copy.url)
        with copy.connect() as conn:
            for f in target:
                conn.execute(f.remediation)
        after = run_audit(copy, "select 1;", tmp_path, fail_on="info").findings
        assert not [f for f in after if f.rule == rule and f.qualified == obj], after
        old_errors = {(f.rule, f.qualified) for f in before if f.level == "error"}
        new_errors = {
            (f.rule, f.qualified)
            for f in after
            if f.level == "error" and f.rule not in FOLLOW_UPS.get(rule, set())
        }
        assert new_errors <= old_errors, new_errors - old_errors
        lost = had - access(copy.url)
        assert not [x for x in lost if not intended(x, target[0])], lost
    finally:
        with psycopg.connect(database.url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy.name))
            )


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ("select count(*)::int from public.notes", "''"),
        ("select count(*)::int from notes", "pg_catalog, public"),
        ("begin return (select count(*) from public.notes); end", "''"),
        (
            "declare n int; begin select count(*) into n from notes; return n; end",
            "pg_catalog, public",
        ),
    ],
)
def test_the_search_path_fix_keeps_the_body_working(
    database: Database, tmp_path: Path, body: str, path: str
) -> None:
    language = "sql" if body.startswith("select") else "plpgsql"
    setup = GOOD + (
        f"create function public.counted() returns int language {language} as $f${body}$f$;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    fix = [f for f in found if f.rule == "function_search_path_mutable"]
    assert len(fix) == 1 and fix[0].remediation.endswith(f"SET search_path = {path};"), fix
    with database.connect() as conn:
        conn.execute(fix[0].remediation)
        assert conn.execute("select public.counted()").fetchone() == (0,)


def test_a_definer_function_a_policy_needs_is_moved_not_revoked(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        "create function public.is_admin() returns boolean language sql stable security definer "
        "set search_path = '' as 'select false';"
        "grant execute on function public.is_admin() to authenticated;"
        "create policy admins on public.notes for delete to authenticated "
        "using ((select public.is_admin()));"
        "grant delete on public.notes to authenticated;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    fix = [f for f in found if f.rule == "authenticated_security_definer_function_executable"]
    assert len(fix) == 1 and "SET SCHEMA private" in fix[0].remediation
    assert "admins" in fix[0].hint
    with database.connect() as conn:
        conn.execute(fix[0].remediation)
    after = rules_of(database, tmp_path, "select 1;")
    assert "authenticated_security_definer_function_executable" not in after
    assert "policy_function_not_executable" not in after


# --- SARIF ------------------------------------------------------------------------------------


def test_sarif_locates_findings_at_the_migration_line_that_created_the_object(
    database: Database,
    tmp_path: Path,
) -> None:
    import json

    from tests.conftest import write
    from tests.test_trust import invoke

    migrations = tmp_path / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    write(migrations, "20250101000000_notes.sql", GOOD)
    write(
        migrations,
        "20250102000000_open.sql",
        "-- An open table.\n\ncreate table public.open (id int);\n"
        "grant select on public.open to anon;\n",
    )
    url = database.url
    migrate = ("migrate", "--no-verify", "--db-url", url)
    code, out, err = invoke(tmp_path, *migrate)
    assert code == 0, err
    code, out, err = invoke(tmp_path, "verify-rls", "--format", "sarif", "--db-url", url)
    document = json.loads(out)
    assert code == 1 and document["version"] == "2.1.0"
    (run,) = document["runs"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"rls_disabled_in_public"}
    (hole,) = [r for r in run["results"] if r["ruleId"] == "rls_disabled_in_public"]
    assert hole["level"] == "error"
    (location,) = hole["locations"]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "public.open"
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "supabase/migrations/20250102000000_open.sql"
    assert physical["region"]["startLine"] == 3
    for args in (("--format", "yaml"), ("--json", "--format", "sarif")):
        code, out, err = invoke(tmp_path, "verify-rls", *args, "--db-url", url)
        assert code == 2 and err.startswith("error: "), err


# --- through functions ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sql", "plpgsql"])
def test_user_metadata_trusted_through_a_helper_chain_is_found(
    database: Database, tmp_path: Path, language: str
) -> None:
    inner = (
        "select (auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'"
        if language == "sql"
        else "begin return (auth.jwt() -> 'user_metadata' ->> 'role') = 'admin'; end"
    )
    setup = GOOD + (
        "create schema private;"
        f"create function private.claims_admin() returns boolean language {language} stable "
        f"set search_path = '' as $f${inner}$f$;"
        "create function public.is_admin() returns boolean language sql stable "
        "set search_path = '' as 'select private.claims_admin()';"
        "create policy admins on public.notes for delete to authenticated "
        "using ((select public.is_admin()));"
        "grant delete on public.notes to authenticated;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    meta = [f for f in found if f.rule == "rls_references_user_metadata"]
    assert len(meta) == 1 and meta[0].level == "error"
    assert "public.is_admin() -> private.claims_admin()" in meta[0].detail


def test_a_helper_reading_app_metadata_is_not_user_metadata(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        "create function public.is_admin() returns boolean language sql stable "
        "set search_path = '' as "
        "$f$select (auth.jwt() -> 'app_metadata' ->> 'role') = 'admin'$f$;"
        "create policy admins on public.notes for delete to authenticated "
        "using ((select public.is_admin()));"
    )
    assert "rls_references_user_metadata" not in rules_of(database, tmp_path, setup)


def test_a_definer_function_anon_can_call_that_reads_auth_or_vault_is_an_error(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        "create schema if not exists vault;"
        "create table if not exists vault.secrets (id int, secret text);"
        "create function public.leak() returns setof text language sql security definer "
        "set search_path = '' as 'select secret from vault.secrets';"
        "grant execute on function public.leak() to anon;"
        "create function public.whoami() returns uuid language sql security definer "
        "set search_path = '' as 'select auth.uid()';"
        "grant execute on function public.whoami() to anon;"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    by_object = {
        f.object: f for f in found if f.rule == "anon_security_definer_function_executable"
    }
    assert by_object["leak()"].level == "error" and "vault.secrets" in by_object["leak()"].detail
    assert by_object["whoami()"].level == "warn"  # reads only the caller's own claims


def test_remediations_quote_uppercase_spaces_quotes_and_non_ascii_names(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        'create table public."Weird Name\'s ü" (id int, "Pass Word" text);'
        'grant select on public."Weird Name\'s ü" to anon;'
        'create function public."Odd Fn ä"("Some Arg" int) returns int language sql '
        "security definer as 'select 1';"
        'grant execute on function public."Odd Fn ä"(int) to anon;'
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    fixes = [f for f in found if f.remediation]
    assert {f.rule for f in fixes} >= {
        "rls_disabled_in_public",
        "anon_security_definer_function_executable",
        "function_search_path_mutable",
    }
    with database.connect() as conn:
        for f in fixes:
            conn.execute(f.remediation)  # each runs as printed
    after = {(f.rule, f.qualified) for f in run_audit(database, "select 1;", tmp_path).findings}
    for f in fixes:
        assert (f.rule, f.qualified) not in after, f


# --- the schemas the API serves ---------------------------------------------------------------


def test_schemas_from_supabase_config_toml_are_audited_and_a_narrower_run_says_so(
    database: Database,
    tmp_path: Path,
) -> None:
    import json

    from tests.conftest import write
    from tests.test_trust import invoke

    (tmp_path / "supabase").mkdir()
    write(
        tmp_path / "supabase",
        "config.toml",
        '[api]\nenabled = true\nschemas = ["public", "pgflow", "graphql_public", "later"]\n',
    )
    with database.connect() as conn:
        conn.execute(
            GOOD + "create schema pgflow; create table pgflow.runs (id int);"
            "grant usage on schema pgflow to anon; grant select on pgflow.runs to anon;"
        )
    url = database.url
    code, out, err = invoke(tmp_path, "verify-rls", "--json", "--db-url", url)
    document = json.loads(out)
    assert code == 1, err  # pgflow.runs: no RLS, readable by anon
    assert document["schemas_source"] == "supabase/config.toml [api] schemas"
    assert document["schemas"] == ["public", "pgflow", "later"]  # graphql_public is Supabase's
    holes = {(f["rule"], f["schema"], f["object"]) for f in document["findings"]}
    assert ("rls_disabled_in_public", "pgflow", "runs") in holes
    code, out, err = invoke(tmp_path, "verify-rls", "--json", "--schema", "public", "--db-url", url)
    narrower = json.loads(out)
    assert code == 0 and narrower["ok"] is True
    # the table's own performance lints (GOOD's table has no primary key) are beside the point
    performance = {"no_primary_key", "unindexed_foreign_keys", "duplicate_index"}
    found = [
        f
        for f in narrower["findings"]
        if not f["rule"].startswith("pg_graphql_") and f["rule"] not in performance
    ]
    assert [f["rule"] for f in found] == ["schema_not_audited"]
    assert "pgflow" in found[0]["detail"]


# --- Supabase Storage -------------------------------------------------------------------------

BUCKETS = (
    "insert into storage.buckets (id, name, public) values "
    "('avatars', 'avatars', true), ('private', 'private', false);"
)


def test_a_public_bucket_whose_files_can_be_listed_is_found_and_the_fix_runs(
    database: Database, tmp_path: Path
) -> None:
    setup = BUCKETS + (
        'create policy "read avatars" on storage.objects for select to public '
        "using (bucket_id = 'avatars');"
        'create policy "read private" on storage.objects for select to authenticated '
        "using (bucket_id = 'private');"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    listing = [f for f in found if f.rule == "public_bucket_allows_listing"]
    assert [(f.level, f.qualified) for f in listing] == [("warn", "storage.objects")]
    assert "'avatars'" in listing[0].detail and "read avatars" in listing[0].detail
    assert_fix_closes(database, tmp_path, listing[0])


def test_open_bucket_creation_and_unrestricted_uploads_are_errors(
    database: Database, tmp_path: Path
) -> None:
    setup = BUCKETS + (
        'create policy "anyone creates buckets" on storage.buckets for insert '
        "to authenticated with check (true);"
        'create policy "anyone uploads" on storage.objects for insert to authenticated '
        "with check (1 = 1);"
        'create policy "own folder" on storage.objects for insert to authenticated '
        "with check (bucket_id = 'avatars' "
        "and (storage.foldername(name))[1] = (select auth.uid())::text);"
    )
    found = run_audit(database, setup, tmp_path, fail_on="info").findings
    levels = {(f.rule, f.level) for f in found if f.qualified.startswith("storage.")}
    assert ("storage_bucket_creation_open", "error") in levels
    uploads = [f for f in found if f.rule == "storage_upload_unrestricted"]
    assert len(uploads) == 1 and "anyone uploads" in uploads[0].detail and uploads[0].hint


# --- grant defaults of the project's era --------------------------------------------------------


def test_legacy_grants_make_a_table_without_rls_an_error_and_explicit_a_warning(
    database: Database, tmp_path: Path
) -> None:
    """Issue 8: [tool.supatools.local] grants = "legacy" gives the local database the
    default grants of projects created before 2026-10-30; the audit then says what the
    hosted project would say."""
    from supatools.local import bootstrap_sql

    setup = "create table public.early (id int);"
    assert rules_of(database, tmp_path, setup)["rls_disabled_in_public"] == {"warn"}
    with database.connect() as conn:
        conn.execute(bootstrap_sql("legacy"))
    later = "create table public.later (id int);"
    found = run_audit(database, later, tmp_path, fail_on="info").findings
    levels = {f.object: f.level for f in found if f.rule == "rls_disabled_in_public"}
    assert levels == {"early": "warn", "later": "error"}  # only new tables get the grants


def test_local_grants_setting_is_read_and_validated(tmp_path: Path) -> None:
    from supatools.errors import ConfigError
    from supatools.settings import resolve

    assert resolve(cwd=tmp_path, environ={}).local_grants == "explicit"
    (tmp_path / "pyproject.toml").write_text('[tool.supatools.local]\ngrants = "legacy"\n')
    assert resolve(cwd=tmp_path, environ={}).local_grants == "legacy"
    assert resolve(cwd=tmp_path, environ={"SUPATOOLS_LOCAL_GRANTS": "explicit"}).local_grants == (
        "explicit"
    )
    with pytest.raises(ConfigError, match='use "explicit"') as caught:
        resolve(cwd=tmp_path, environ={"SUPATOOLS_LOCAL_GRANTS": "sometimes"})
    assert caught.value.exit_code == 2


# --- one registry of rules ---------------------------------------------------------------

#: splinter's lints in the SECURITY category (supabase/splinter lints/*.sql, 21 of them)
SPLINTER_SECURITY = {
    "0002_auth_users_exposed", "0007_policy_exists_rls_disabled",
    "0008_rls_enabled_no_policy", "0010_security_definer_view",
    "0011_function_search_path_mutable", "0013_rls_disabled_in_public",
    "0014_extension_in_public", "0015_rls_references_user_metadata",
    "0016_materialized_view_in_api", "0017_foreign_table_in_api",
    "0018_unsupported_reg_types", "0019_insecure_queue_exposed_in_api",
    "0021_fkey_to_auth_unique", "0022_extension_versions_outdated",
    "0023_sensitive_columns_exposed", "0024_rls_policy_always_true",
    "0025_public_bucket_allows_listing", "0026_pg_graphql_anon_table_exposed",
    "0027_pg_graphql_authenticated_table_exposed",
    "0028_anon_security_definer_function_executable",
    "0029_authenticated_security_definer_function_executable",
}  # fmt: skip


def test_every_splinter_security_lint_is_a_registered_rule() -> None:
    from supatools.rls.registry import RULES_INFO

    covered = {info.splinter for info in RULES_INFO.values() if info.splinter}
    assert SPLINTER_SECURITY <= covered, SPLINTER_SECURITY - covered


def test_the_readme_rule_table_lists_exactly_the_registered_rules() -> None:
    import re

    from supatools.rls.registry import RULES_INFO
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `supatools verify-rls`", 1)[1].split("### `policies/`", 1)[0]
    listed: set[str] = set()
    for row in section.splitlines():
        if row.startswith("| `"):
            listed |= set(re.findall(r"`([a-z_*]+)`", row.split("|")[1]))
    expanded = {
        name
        for name in RULES_INFO
        if name in listed or any(p.endswith("*") and name.startswith(p[:-1]) for p in listed)
    }
    assert expanded == set(RULES_INFO), set(RULES_INFO) - expanded
    assert {p for p in listed if not p.endswith("*")} <= set(RULES_INFO)


def test_a_finding_outside_the_registry_is_a_bug() -> None:
    from supatools.rls.registry import check

    check("rls_disabled_in_public", "warn")
    with pytest.raises(AssertionError, match="not registered"):
        check("rls_disabled_in_public", "info")
    with pytest.raises(AssertionError, match="not registered"):
        check("made_up_rule", "error")
