"""Issue 20 items 6-16: what the audit missed on real apps or in experts' cases. Each item
has a hole case (the finding, at its level) and a near miss (the same shape, safe), on
real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Database
from tests.test_rls import GOOD
from tests.test_rls_noise import found

PROFILES = """
create table public.profiles (id uuid primary key references auth.users (id), role text);
alter table public.profiles enable row level security;
create policy "own profile" on public.profiles for select to authenticated
    using ((select auth.uid()) = id);
grant select on public.profiles to authenticated;
grant all on public.profiles to service_role;
"""

DEFINER = """
create function public.{name}({args}) returns void language {language} security definer
set search_path = '' as $fn$ {body} $fn$;
grant execute on function public.{name}({types}) to anon;
"""

ANON_DEFINER = "anon_security_definer_function_executable"


def definer(name: str, args: str, types: str, body: str, language: str = "plpgsql") -> str:
    return DEFINER.format(name=name, args=args, types=types, body=body, language=language)


# --- item 6: writes count; EXECUTE of a string built from the arguments ------------------


@pytest.mark.parametrize("language", ["sql", "plpgsql"])
def test_a_definer_function_writing_any_users_role_is_an_error(
    database: Database, tmp_path: Path, language: str
) -> None:
    update = "update public.profiles set role = new_role where id = target;"
    body = update if language == "sql" else f"begin {update} end"
    setup = PROFILES + definer(
        "set_role", "target uuid, new_role text", "uuid, text", body, language
    )
    assert found(database, tmp_path, setup, ANON_DEFINER) == [
        ("error", "public.set_role(target uuid, new_role text)")
    ]


def test_a_definer_function_whose_helper_writes_is_an_error_naming_the_chain(
    database: Database, tmp_path: Path
) -> None:
    from tests.test_rls import run_audit

    setup = PROFILES + (
        "create function public.demote(target uuid) returns void language sql "
        "set search_path = '' as "
        "$fn$ update public.profiles set role = 'user' where id = target $fn$;"
    )
    setup += definer("kick", "target uuid", "uuid", "begin perform public.demote(target); end")
    result = run_audit(database, setup, tmp_path, fail_on="info")
    [hit] = [f for f in result.findings if f.rule == ANON_DEFINER and f.object.startswith("kick")]
    assert hit.level == "error"
    assert "writes public.profiles (through public.demote())" in hit.detail


def test_a_definer_function_executing_a_string_from_its_arguments_is_an_error(
    database: Database, tmp_path: Path
) -> None:
    body = "begin execute format('select %s', expr); end"
    setup = GOOD + definer("run", "expr text", "text", body)
    result = found(database, tmp_path, setup, ANON_DEFINER)
    assert result == [("error", "public.run(expr text)")]


def test_near_miss_a_definer_function_with_a_constant_execute_and_no_write_is_a_warning(
    database: Database, tmp_path: Path
) -> None:
    body = "begin execute 'select $1::text' using expr; perform expr || 'x'; end"
    setup = GOOD + definer("echo", "expr text", "text", body)
    assert found(database, tmp_path, setup, ANON_DEFINER) == [("warn", "public.echo(expr text)")]


# --- item 7: an HTTP call carrying the service key ------------------------------------------

#: pg_net and Vault as a project has them (the local server's stand-ins when present)
NET = """
create schema if not exists net;
create schema if not exists vault;
do $do$ begin
  if to_regproc('net.http_post') is null then
    create function net.http_post(url text, body jsonb default '{}', headers jsonb default '{}')
        returns bigint language sql as 'select 1::bigint';
  end if;
  if to_regclass('vault.decrypted_secrets') is null then
    create table vault.secrets (name text, decrypted_secret text);
    create view vault.decrypted_secrets as select * from vault.secrets;
  end if;
end $do$;
"""


@pytest.mark.parametrize(
    "key",
    [
        "(select decrypted_secret from vault.decrypted_secrets where name = 'service_key')",
        "'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJl'",
    ],
)
def test_a_definer_function_calling_out_with_the_service_key_is_an_error(
    database: Database, tmp_path: Path, key: str
) -> None:
    body = (
        "begin perform net.http_post('https://x.supabase.co/storage/v1/object/' || path, "
        f"headers => jsonb_build_object('Authorization', 'Bearer ' || {key})); end"
    )
    setup = GOOD + NET + definer("delete_file", "path text", "text", body)
    [(level, _)] = found(database, tmp_path, setup, ANON_DEFINER)
    assert level == "error"


def test_near_miss_a_definer_function_calling_out_without_a_key_is_a_warning(
    database: Database, tmp_path: Path
) -> None:
    body = (
        "begin perform net.http_post('https://example.com/hook', jsonb_build_object('p', p)); end"
    )
    setup = GOOD + NET + definer("ping", "p text", "text", body)
    assert found(database, tmp_path, setup, ANON_DEFINER) == [("warn", "public.ping(p text)")]


# --- item 8: always-true write policies anon can use ----------------------------------------

OPEN_WRITE = """
create table public.posts (id int primary key, body text);
alter table public.posts enable row level security;
create policy "anyone" on public.posts for all to {roles} using (true);
grant all on public.posts to service_role;
"""


def test_an_always_true_write_policy_anon_can_use_is_an_error(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + OPEN_WRITE.format(roles="public") + "grant all on public.posts to anon;"
    assert found(database, tmp_path, setup, "rls_policy_always_true") == [("error", "public.posts")]


def test_near_miss_the_same_policy_without_anons_privilege_is_a_warning(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + OPEN_WRITE.format(roles="public") + "grant all on public.posts to authenticated;"
    assert found(database, tmp_path, setup, "rls_policy_always_true") == [("warn", "public.posts")]


# --- item 9: storage writes checking only the bucket ----------------------------------------


@pytest.mark.parametrize(("roles", "level"), [("authenticated", "warn"), ("anon", "error")])
def test_a_storage_write_policy_checking_only_the_bucket(
    database: Database, tmp_path: Path, roles: str, level: str
) -> None:
    setup = GOOD + (
        f'create policy "replace avatars" on storage.objects for update to {roles} '
        "using (bucket_id = 'avatars');"
    )
    assert found(database, tmp_path, setup, "storage_write_bucket_only") == [
        (level, "storage.objects")
    ]


def test_near_miss_a_storage_write_policy_checking_the_owner_folder(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        'create policy "own avatars" on storage.objects for delete to anon '
        "using (bucket_id = 'avatars' and "
        "(storage.foldername(name))[1] = (select auth.uid())::text);"
    )
    assert found(database, tmp_path, setup, "storage_write_bucket_only") == []


# --- item 10: realtime.messages always true -------------------------------------------------


def test_an_always_true_realtime_messages_policy_is_a_warning(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        'create policy "listen" on realtime.messages for select to authenticated using (true);'
    )
    assert found(database, tmp_path, setup, "realtime_messages_open") == [
        ("warn", "realtime.messages")
    ]


def test_near_miss_a_realtime_policy_checking_the_topic(database: Database, tmp_path: Path) -> None:
    setup = GOOD + (
        'create policy "own room" on realtime.messages for select to authenticated '
        "using ((select realtime.topic()) = 'room:' || (select auth.uid())::text);"
    )
    assert found(database, tmp_path, setup, "realtime_messages_open") == []


# --- item 11: any signed-in user on a per-user table ----------------------------------------

TODOS = """
create table public.todos (id int primary key, user_id uuid references auth.users (id));
alter table public.todos enable row level security;
grant select, update on public.todos to authenticated;
grant all on public.todos to service_role;
"""


@pytest.mark.parametrize(
    "condition", ["auth.role() = 'authenticated'", "(select auth.uid()) is not null"]
)
def test_a_signed_in_only_policy_on_a_per_user_table_is_a_warning(
    database: Database, tmp_path: Path, condition: str
) -> None:
    setup = (
        GOOD
        + TODOS
        + (
            f'create policy "signed in" on public.todos for update to authenticated '
            f"using ({condition});"
        )
    )
    assert found(database, tmp_path, setup, "policy_any_signed_in_user") == [
        ("warn", "public.todos")
    ]


def test_near_miss_signed_in_only_on_a_shared_table_or_owner_checked(
    database: Database, tmp_path: Path
) -> None:
    setup = (
        GOOD
        + TODOS
        + (
            'create policy "own" on public.todos for select to authenticated '
            "using ((select auth.uid()) is not null and (select auth.uid()) = user_id);"
            "create table public.countries (id int primary key, name text);"
            "alter table public.countries enable row level security;"
            "grant select on public.countries to authenticated;"
            "grant all on public.countries to service_role;"
            'create policy "signed in" on public.countries for select to authenticated '
            "using (auth.role() = 'authenticated');"
        )
    )
    assert found(database, tmp_path, setup, "policy_any_signed_in_user") == []


# --- item 12: a policy reading a schema the role cannot use ---------------------------------

MEMBERS = """
create schema private;
create table private.members (user_id uuid, team int);
create table public.teams (id int primary key, name text);
alter table public.teams enable row level security;
create policy "members" on public.teams for select to authenticated using (
    id in (select team from private.members where user_id = (select auth.uid())));
grant select on public.teams to authenticated;
grant all on public.teams to service_role;
"""


def test_a_policy_reading_a_schema_without_usage_is_a_warning_naming_the_table(
    database: Database, tmp_path: Path
) -> None:
    from tests.test_rls import run_audit

    result = run_audit(database, GOOD + MEMBERS, tmp_path, fail_on="info")
    [hit] = [f for f in result.findings if f.rule == "policy_schema_not_usable"]
    assert (hit.level, hit.qualified) == ("warn", "public.teams")
    assert "private.members" in hit.detail and "authenticated" in hit.detail


def test_near_miss_the_same_policy_with_usage_granted(database: Database, tmp_path: Path) -> None:
    setup = GOOD + MEMBERS + "grant usage on schema private to authenticated;"
    assert found(database, tmp_path, setup, "policy_schema_not_usable") == []


# --- item 13: column grants made moot by a table grant --------------------------------------

COLUMNS = """
create table public.accounts (id int primary key, name text, plan text);
alter table public.accounts enable row level security;
create policy "read" on public.accounts for select to authenticated using (true);
create policy "edit" on public.accounts for update to authenticated using (true);
grant select on public.accounts to authenticated;
grant update (name) on public.accounts to authenticated;
grant all on public.accounts to service_role;
"""


def test_a_column_grant_under_a_table_grant_is_a_warning(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + COLUMNS + "grant update on public.accounts to authenticated;"
    assert found(database, tmp_path, setup, "column_grant_redundant") == [
        ("warn", "public.accounts")
    ]


def test_near_miss_a_column_grant_alone(database: Database, tmp_path: Path) -> None:
    assert found(database, tmp_path, GOOD + COLUMNS, "column_grant_redundant") == []


# --- item 14: using (true) for anyone on a sensitive table ----------------------------------


@pytest.mark.parametrize(
    ("table", "columns"),
    [("api_keys", "id int primary key, label text"), ("people", "id int primary key, ssn text")],
)
def test_an_open_select_policy_on_a_sensitive_table_is_a_warning(
    database: Database, tmp_path: Path, table: str, columns: str
) -> None:
    setup = GOOD + (
        f"create table public.{table} ({columns});"
        f"alter table public.{table} enable row level security;"
        f'create policy "anyone" on public.{table} for select to anon using (true);'
        f"grant select on public.{table} to anon;"
        f"grant all on public.{table} to service_role;"
    )
    assert found(database, tmp_path, setup, "sensitive_table_readable_by_anyone") == [
        ("warn", f"public.{table}")
    ]


def test_near_miss_an_open_select_policy_on_an_ordinary_table(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        "create table public.tokens_count (id int primary key, token_count int);"
        "alter table public.tokens_count enable row level security;"
        'create policy "anyone" on public.tokens_count for select to anon using (true);'
        "grant select on public.tokens_count to anon;"
        "grant all on public.tokens_count to service_role;"
    )
    assert found(database, tmp_path, setup, "sensitive_table_readable_by_anyone") == []


# --- item 15: raw_user_meta_data in a helper, at any depth ----------------------------------

HELPERS = """
create function public.meta_role() returns text language {language} stable
set search_path = '' as $fn$ {body} $fn$;
create function public.is_admin() returns boolean language sql stable
set search_path = public as $fn$ select meta_role() = 'admin' $fn$;
grant execute on function public.meta_role(), public.is_admin() to authenticated;
create policy "admins" on public.notes for delete to authenticated using (public.is_admin());
grant delete on public.notes to authenticated;
"""


@pytest.mark.parametrize("language", ["sql", "plpgsql"])
def test_raw_user_meta_data_read_two_helpers_down_is_an_error(
    database: Database, tmp_path: Path, language: str
) -> None:
    query = "select raw_user_meta_data ->> 'role' from auth.users where id = auth.uid()"
    body = query if language == "sql" else f"begin return ({query}); end"
    setup = GOOD + HELPERS.format(language=language, body=body)
    assert found(database, tmp_path, setup, "rls_references_user_metadata") == [
        ("error", "public.notes")
    ]


def test_near_miss_app_metadata_two_helpers_down(database: Database, tmp_path: Path) -> None:
    body = "select raw_app_meta_data ->> 'role' from auth.users where id = auth.uid()"
    setup = GOOD + HELPERS.format(language="sql", body=body)
    assert found(database, tmp_path, setup, "rls_references_user_metadata") == []


# --- item 16: splinter's performance lints --------------------------------------------------

PERF = """
create table public.teams2 (id int primary key);
create table public.players (id int primary key, team int references public.teams2 (id),
    name text);
create index players_name_a on public.players (name);
create index players_name_b on public.players (name);
create table public.log (at timestamptz, line text);
"""


def test_unindexed_foreign_keys_duplicate_indexes_and_no_primary_key(
    database: Database, tmp_path: Path
) -> None:
    assert perf(database, tmp_path, GOOD + PERF) == [
        ("duplicate_index", "warn", "public.players"),
        ("no_primary_key", "info", "public.log"),
        ("unindexed_foreign_keys", "info", "public.players"),
    ]


def perf(database: Database, tmp_path: Path, setup: str) -> list[tuple[str, str, str]]:
    from tests.test_rls import PERFORMANCE, run_audit

    result = run_audit(database, setup, tmp_path, fail_on="info")
    return sorted((f.rule, f.level, f.qualified) for f in result.findings if f.rule in PERFORMANCE)


def test_near_miss_an_indexed_key_distinct_indexes_and_a_primary_key(
    database: Database, tmp_path: Path
) -> None:
    setup = GOOD + (
        "create table public.teams2 (id int primary key);"
        "create table public.players (id int primary key,"
        " team int references public.teams2 (id), name text);"
        "create index on public.players (team, name);"
        "create index on public.players (name);"
        "create index on public.players (lower(name));"
    )
    assert perf(database, tmp_path, setup) == []
