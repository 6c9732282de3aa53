"""The local server as a Supabase project (issue 8): stand-in extensions, the bootstrap,
the seed, `local reset`, and data of another major version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import psycopg
import pytest

from supatools.errors import LocalServerError
from supatools.local import LocalServer
from tests.conftest import Database, run_cli, world_readable_tmpdir, write


def one(url: str, query: str) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(query).fetchone()  # type: ignore[arg-type]
        assert row is not None
        return row[0]


# --- what a hosted project has ------------------------------------------------------------


def test_the_bootstrap_has_what_a_hosted_project_has(local_database: str) -> None:
    with psycopg.connect(local_database, autocommit=True) as conn:
        extensions = dict(
            conn.execute("SELECT extname, extnamespace::regnamespace::text FROM pg_extension")
        )
        columns = {
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = 'auth' AND table_name = 'users'"
            )
        }
        auth_tables = {
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = 'auth'::regnamespace "
                "AND relkind = 'r' AND relrowsecurity"
            )
        }
        roles = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
        publication = conn.execute(
            "SELECT count(*) FROM pg_publication WHERE pubname = 'supabase_realtime'"
        ).fetchone()
        search_path = conn.execute("SHOW search_path").fetchone()
    assert extensions["uuid-ossp"] == "extensions" and extensions["pgcrypto"] == "extensions"
    assert extensions["supabase_vault"] == "vault" and extensions["pg_graphql"] == "graphql"
    assert {
        "email_change",
        "phone",
        "raw_app_meta_data",
        "is_anonymous",
        "confirmed_at",
        "banned_until",
        "is_sso_user",
        "deleted_at",
    } <= columns
    assert {
        "users",
        "identities",
        "sessions",
        "refresh_tokens",
        "mfa_factors",
        "one_time_tokens",
        "audit_log_entries",
        "flow_state",
    } <= auth_tables
    assert {
        "supabase_admin",
        "supabase_auth_admin",
        "supabase_storage_admin",
        "dashboard_user",
        "authenticator",
        "pgbouncer",
    } <= roles
    assert publication == (1,)
    assert search_path is not None and "extensions" in search_path[0]


def test_stand_ins_give_the_real_extensions_values_where_they_can(local_database: str) -> None:
    """Vectors from the real pgcrypto and uuid-ossp (PostgreSQL 15 contrib)."""
    assert one(local_database, "SELECT uuid_generate_v3(uuid_ns_url(), 'http://x')::text") == (
        "53b14841-9895-312b-bb91-82c1f08c9edd"
    )
    assert one(local_database, "SELECT encode(hmac('data', 'key', 'sha256'), 'hex')") == (
        "5031fe3d989c6d1537a013fa6e739da23463fdaec3b70137d828e36ace221bd0"
    )
    assert one(
        local_database, "SELECT encode(hmac('data', repeat('k', 200), 'sha512'), 'hex')"
    ) == (
        "854e242c54ce5f31621a1f809881b3439c0a77fd594dc546b9b3a957cf6f7b54"
        "75a1302be9fde1ece18531982eaa2141907c8b2fbd8bec2e5b19b8312ace3f2b"
    )
    assert one(local_database, "SELECT encode(digest('abc', 'sha256'), 'hex')") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    assert one(local_database, "SELECT length(gen_random_bytes(100))") == 100
    assert one(local_database, "SELECT uuid_generate_v4()::text ~ '^[0-9a-f-]{36}$'") is True
    # crypt(): pgcrypto's check holds (the hash is NOT bcrypt, and says so in its comment)
    assert (
        one(
            local_database,
            "WITH s AS (SELECT crypt('pw', gen_salt('bf')) AS h) "
            "SELECT crypt('pw', h) = h AND crypt('px', h) <> h AND h LIKE '$2a$06$%' FROM s",
        )
        is True
    )


def test_service_stand_ins_record_what_they_would_do(local_database: str) -> None:
    with psycopg.connect(local_database, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION pg_cron")
        conn.execute("CREATE EXTENSION pg_net WITH SCHEMA extensions")
        conn.execute("CREATE EXTENSION http WITH SCHEMA extensions")
        job = conn.execute("SELECT cron.schedule('nightly', '0 3 * * *', 'select 1')").fetchone()
        again = conn.execute("SELECT cron.schedule('nightly', '0 4 * * *', 'select 2')").fetchone()
        assert job == again  # by name: replaced, as pg_cron does
        assert conn.execute("SELECT schedule FROM cron.job").fetchall() == [("0 4 * * *",)]
        assert conn.execute("SELECT cron.unschedule('nightly')").fetchone() == (True,)
        request = conn.execute(
            "SELECT net.http_post('https://example.com/hook', '{\"a\": 1}', '{\"q\": \"x\"}')"
        ).fetchone()
        queued = conn.execute(
            "SELECT method, url, convert_from(body, 'UTF8') FROM net.http_request_queue "
            "WHERE id = %s",
            request,
        ).fetchone()
        assert queued == ("POST", "https://example.com/hook?q=x", '{"a": 1}')
        answer = conn.execute("SELECT (extensions.http_get('https://example.com')).status")
        assert answer.fetchone() == (501,)
        secret = conn.execute("SELECT vault.create_secret('s3cr3t', 'api')").fetchone()
        assert conn.execute(
            "SELECT decrypted_secret FROM vault.decrypted_secrets WHERE id = %s", secret
        ).fetchone() == ("s3cr3t",)
        conn.execute("SET ROLE anon")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM vault.decrypted_secrets")


def test_pg_graphql_lints_fire_only_where_pg_graphql_is_installed(local_database: str) -> None:
    from supatools.rls.audit import audit
    from supatools.settings import Settings

    with psycopg.connect(local_database, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE public.menu (id int PRIMARY KEY);"
            "ALTER TABLE public.menu ENABLE ROW LEVEL SECURITY;"
            "CREATE POLICY r ON public.menu FOR SELECT TO anon, authenticated USING (true);"
            "GRANT SELECT ON public.menu TO anon, authenticated;"
            "GRANT ALL ON public.menu TO service_role;"
        )
        found = {f.rule for f in audit(conn, Settings(), "info").findings}
        assert {"pg_graphql_anon_table_exposed", "pg_graphql_authenticated_table_exposed"} <= found
        conn.execute("DROP EXTENSION pg_graphql CASCADE")
        found = {f.rule for f in audit(conn, Settings(), "info").findings}
        assert not {f for f in found if f.startswith("pg_graphql_")}


# --- the seed ----------------------------------------------------------------------------


def seeded_project(root: Path, seed: str) -> Path:
    migrations = root / "supabase" / "migrations"
    migrations.mkdir(parents=True)
    write(
        migrations,
        "20250101000000_notes.sql",
        "create table public.notes (id int primary key, body text);\n"
        "alter table public.notes enable row level security;\n"
        "create policy read on public.notes for select to authenticated using (true);\n"
        "grant select on public.notes to authenticated;\n"
        "grant all on public.notes to service_role;\n",
    )
    write(root / "supabase", "seed.sql", seed)
    return root


def test_the_seed_is_applied_with_seed_in_one_transaction(
    database: Database, tmp_path: Path
) -> None:
    project = seeded_project(
        tmp_path,
        "insert into public.notes values (1, 'a');\ninsert into public.notes values (2, 'b');\n",
    )
    plain = run_cli("migrate", "--db-url", database.url, cwd=project)
    assert plain.returncode == 0, plain.stderr
    assert database.scalar("select count(*) from public.notes") == 0  # remote: not without --seed
    seeded = run_cli("migrate", "--seed", "--json", "--db-url", database.url, cwd=project)
    assert seeded.returncode == 0, seeded.stderr
    assert json.loads(seeded.stdout)["seeded"]["statements"] == 2
    assert database.scalar("select count(*) from public.notes") == 2


@pytest.mark.parametrize(
    ("seed", "line", "what"),
    [
        ("insert into public.notes values (1, 'a');\ncommit;\n", 2, "transaction control"),
        ("set role postgres;\ninsert into public.notes values (1, 'a');\n", 1, "change of role"),
        ("insert into public.notes values (1, 'a');\nvacuum public.notes;\n", 2, "VACUUM"),
    ],
)
def test_a_seed_that_could_end_or_escape_its_transaction_is_refused_before_it_runs(
    database: Database, tmp_path: Path, seed: str, line: int, what: str
) -> None:
    project = seeded_project(tmp_path, seed)
    run = run_cli("migrate", "--seed", "--db-url", database.url, cwd=project)
    assert run.returncode == 2
    assert f"seed.sql:{line}: a seed may not run" in run.stderr and what in run.stderr


def test_a_failing_seed_applies_nothing_of_itself(database: Database, tmp_path: Path) -> None:
    project = seeded_project(
        tmp_path,
        "insert into public.notes values (1, 'a');\ninsert into public.notes values (1, 'b');\n",
    )
    run = run_cli("migrate", "--seed", "--db-url", database.url, cwd=project)
    assert run.returncode == 1
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert "seed.sql:2: seeding failed: SQLSTATE 23505" in line
    assert database.scalar("select count(*) from public.notes") == 0
    assert database.applied_versions() == ["20250101000000"]  # the migrations stay


# --- local reset and another major version --------------------------------------------------


@pytest.mark.slow
def test_local_reset_recreates_the_database_and_applies_migrations_and_seed() -> None:
    project = world_readable_tmpdir("supatools-reset-")
    seeded_project(project, "insert into public.notes values (1, 'seeded');\n")
    write(
        project / "supabase",
        "config.toml",
        '[db]\nmajor_version = 15\n[api]\nextra_search_path = ["public", "extensions", "kit"]\n',
    )
    try:
        first = run_cli("migrate", "--local", cwd=project)
        assert first.returncode == 0, first.stderr
        assert "seeded from" in first.stderr  # a fresh local database gets the seed
        # the production major the project names, and the local one when they differ
        assert "says the project runs PostgreSQL 15 ([db] major_version)" in first.stderr
        url = LocalServer(project / ".supatools" / "local").status().url()
        assert one(url, "SHOW search_path") == '"$user", public, extensions, kit'
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("insert into public.notes values (2, 'added by hand')")
        second = run_cli("migrate", "--local", cwd=project)
        assert second.returncode == 0 and "seeded from" not in second.stderr
        reset = run_cli("local", "reset", cwd=project)
        assert reset.returncode == 0, reset.stderr
        assert one(url, "select string_agg(body, ',') from public.notes") == "seeded"
        assert one(url, "select count(*) from supabase_migrations.schema_migrations") == 1
    finally:
        LocalServer(project / ".supatools" / "local").stop()
        shutil.rmtree(project, ignore_errors=True)


def test_data_of_another_major_version_is_one_line_naming_the_fix(tmp_path: Path) -> None:
    root = world_readable_tmpdir("supatools-major-")
    try:
        data = root / "local" / "data"
        data.mkdir(parents=True)
        (data / "PG_VERSION").write_text("16\n")
        server = LocalServer(root / "local")
        with pytest.raises(LocalServerError) as caught:
            server.start()
        message = caught.value.message
        assert "made by PostgreSQL 16" in message and "local reset --new-server" in message
        assert caught.value.exit_code == 3
        server._set_aside_other_major()
        assert not data.exists() and list((root / "local").glob("data.pg16.*"))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_local_status_names_the_stand_ins(embedded_server: LocalServer) -> None:
    status = embedded_server.describe()
    assert {"pg_cron", "pg_net", "pgcrypto", "uuid-ossp", "supabase_vault", "http"} <= set(
        status.standins
    )
    # issue 22: what real projects use and the embedded build lacks
    assert {"pgjwt", "pgsodium", "pg_jsonschema", "wrappers"} <= set(status.standins)
    assert "vector" in status.extensions and "vector" not in status.standins


def test_a_run_that_creates_a_stand_in_extension_says_so(
    local_database: str, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_jobs.sql",
        "create extension if not exists pg_cron;\n"
        "create extension if not exists vector with schema extensions;\n"
        "select cron.schedule('nightly', '0 3 * * *', 'select 1');\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if "stand-in" in x]
    assert "20250101000000_jobs.sql:1: pg_cron is a stand-in on this server" in line
    assert "never runs them" in line  # vector is real: not named


def test_an_extension_the_local_server_lacks_stops_the_run_in_one_line(
    local_database: str, tmp_path: Path
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_ok.sql", "create table public.kept (id int);\n")
    write(
        migrations,
        "20250102000000_geo.sql",
        "create table public.places (id int);\ncreate extension if not exists postgis;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    [error] = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert 'extension "postgis"' in error and "20250102000000_geo.sql:2" in error
    assert "SUPATOOLS_PG_BINDIR" in error  # and how to get a server that has it
    with psycopg.connect(local_database) as conn:
        row = conn.execute(
            "select to_regclass('public.kept') is not null, to_regclass('public.places')"
        ).fetchone()
    assert row == (True, None)  # the file before applied; the failing one left nothing


def test_pgmq_queues_work_on_the_local_server(local_database: str, tmp_path: Path) -> None:
    """The pgmq stand-in is a working queue (Supabase Queues): send, read with a visibility
    timeout, archive, delete, pop, headers and batches, as pgmq 1.5 documents them."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_queues.sql",
        "create extension if not exists pgmq;\nselect pgmq.create('jobs');\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "20250101000000_queues.sql:1: pgmq is a stand-in on this server" in run.stderr
    with psycopg.connect(local_database, autocommit=True) as conn:

        def rows(query: str) -> list[tuple[object, ...]]:
            return conn.execute(query).fetchall()

        assert rows("select * from pgmq.send('jobs', '{\"n\": 1}')") == [(1,)]
        assert rows("select * from pgmq.send('jobs', '{\"n\": 2}', '{\"h\": 1}'::jsonb)") == [(2,)]
        assert rows("select * from pgmq.send('jobs', '{\"n\": 3}', 3600)") == [(3,)]  # delayed
        assert rows(
            "select * from pgmq.send_batch('jobs', array['{\"n\": 4}', '{\"n\": 5}']::jsonb[])"
        ) == [(4,), (5,)]
        read = rows("select msg_id, read_ct, message, headers from pgmq.read('jobs', 30, 2)")
        assert read == [(1, 1, {"n": 1}, None), (2, 1, {"n": 2}, {"h": 1})]
        # read ones are hidden for their 30 s, the delayed one for its hour
        assert rows("select msg_id from pgmq.read('jobs', 30, 10)") == [(4,), (5,)]
        assert rows("select msg_id from pgmq.read('jobs', 30, 10)") == []
        assert rows("select msg_id, read_ct from pgmq.set_vt('jobs', 1, 0)") == [(1, 1)]
        assert rows("select msg_id, read_ct from pgmq.read('jobs', 30, 1)") == [(1, 2)]
        assert rows("select pgmq.archive('jobs', 1::bigint), pgmq.delete('jobs', 2::bigint)") == [
            (True, True)
        ]
        assert rows("select * from pgmq.archive('jobs', array[4, 99]::bigint[])") == [(4,)]
        assert rows("select msg_id from pgmq.a_jobs order by 1") == [(1,), (4,)]
        assert rows("select msg_id from pgmq.pop('jobs')") == []  # 3 delayed, 5 hidden
        assert rows("select queue_name from pgmq.list_queues()") == [("jobs",)]
        assert rows("select pgmq.purge_queue('jobs'), pgmq.drop_queue('jobs')") == [(2, True)]
        assert rows("select * from pgmq.list_queues()") == []
        for bad in ("x;drop table t", "it's", "a--b"):
            with pytest.raises(psycopg.errors.RaiseException, match="invalid characters"):
                conn.execute("select pgmq.create(%s)", (bad,))
        with pytest.raises(psycopg.errors.UndefinedTable, match='queue "nope" does not exist'):
            conn.execute("select pgmq.send('nope', '{}')")


def test_local_reads_the_files_before_starting_a_server(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "20250101000000_bad.sql").write_bytes(b"select 1;\nselect\x00 2;\n")
    run = run_cli("migrate", "--local", cwd=tmp_path)
    assert run.returncode == 2 and "_bad.sql:2: a NUL byte" in run.stderr
    assert not (tmp_path / ".supatools").exists()  # nothing started


def test_local_checks_the_files_syntax_before_starting_a_server(tmp_path: Path) -> None:
    """Issue 22 item 4: a broken file costs no initdb and no start (about 5 s)."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_ok.sql", "create table public.a (id int);\n")
    write(migrations, "20250102000000_bad.sql", "create table public.b (id int);\ncreat x;\n")
    run = run_cli("migrate", "--local", "--json", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    [error] = run.stderr.splitlines()
    assert "20250102000000_bad.sql:2:1: syntax error" in error
    assert json.loads(run.stdout)["ok"] is False  # --json: still one document
    assert not (tmp_path / ".supatools").exists()  # nothing started


@pytest.mark.parametrize("extension", ["plv8", "pgroonga"])
def test_plv8_and_pgroonga_stop_the_run_in_one_line_naming_the_file_and_the_fix(
    local_database: str, tmp_path: Path, extension: str
) -> None:
    """Issue 22 item 2: no stand-in can run their code; the run stops at file:line with
    the fix (a server that has them, through SUPATOOLS_PG_BINDIR), the file before kept."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_ok.sql", "create table public.kept (id int);\n")
    write(
        migrations,
        "20250102000000_ext.sql",
        f"-- needs {extension}\n"
        f"create extension if not exists {extension} with schema extensions;\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in run.stderr
    assert f'extension "{extension}" is not available' in errors[0]
    assert "20250102000000_ext.sql:2" in errors[0] and "SUPATOOLS_PG_BINDIR" in errors[0]
    assert one(local_database, "select to_regclass('public.kept') is not null") is True
    assert (
        one(local_database, f"select count(*) from pg_extension where extname = '{extension}'") == 0
    )


def test_seed_files_come_from_config_toml_in_order_with_globs(tmp_path: Path) -> None:
    from supatools.settings import read_seed_files

    supabase = tmp_path / "supabase"
    (supabase / "seeds").mkdir(parents=True)
    for name in ("b.sql", "a.sql"):
        write(supabase / "seeds", name, "select 1;\n")
    write(supabase, "seed.sql", "select 1;\n")
    assert read_seed_files(tmp_path) == ((supabase / "seed.sql").resolve(),)
    write(supabase, "config.toml", '[db.seed]\nsql_paths = ["./seed.sql", "./seeds/*.sql"]\n')
    assert [p.name for p in read_seed_files(tmp_path)] == ["seed.sql", "a.sql", "b.sql"]
    write(supabase, "config.toml", "[db.seed]\nenabled = false\n")
    assert read_seed_files(tmp_path) == ()


def test_a_run_calling_a_preinstalled_stand_in_says_so(local_database: str, tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_admin.sql",
        "create table public.admins (name text, hash text);\n"
        "insert into public.admins values ('root', crypt('secret', gen_salt('bf')));\n",
    )
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    [line] = [x for x in run.stderr.splitlines() if "stand-in" in x]
    assert "20250101000000_admin.sql:2: pgcrypto is a stand-in on this server" in line
    assert "not real cryptography" in line
