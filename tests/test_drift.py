"""supatools drift (issue 25) on real PostgreSQL: what changed outside migrations."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from supatools.local import MAINTENANCE_DB, LocalServer
from tests.conftest import Database, run_cli, world_readable_tmpdir, write

# dated after 2026-10-30: the local server's grants era is explicit, as the test template's
APP = (
    "create table public.notes (\n"
    "  id bigint generated always as identity primary key,\n"
    "  owner uuid not null default auth.uid(),\n"
    "  body text default '',\n"
    "  created_at timestamptz not null default now()\n"
    ");\n"
    "create index notes_owner_idx on public.notes (owner);\n"
    "alter table public.notes enable row level security;\n"
    "create policy notes_read on public.notes for select to authenticated\n"
    "  using (owner = (select auth.uid()));\n"
    "create policy notes_write on public.notes for insert to authenticated\n"
    "  with check (owner = (select auth.uid()));\n"
    "create policy notes_delete on public.notes for delete to authenticated\n"
    "  using (owner = (select auth.uid()));\n"
    "grant select, insert, delete on public.notes to authenticated;\n"
    "create function public.touch() returns trigger language plpgsql\n"
    "  as $$ begin return new; end $$;\n"
    "comment on table public.notes is 'what people write';\n"
)

#: ten kinds of out-of-band change, and the drift each must be reported as
CHANGES = [
    ("alter table public.notes disable row level security", ("changed", "table", "public.notes")),
    (
        "create policy notes_extra on public.notes for update to authenticated using (true)",
        ("added", "policy", "public.notes.notes_extra"),
    ),
    (
        "alter policy notes_read on public.notes using (true)",
        ("changed", "policy", "public.notes.notes_read"),
    ),
    (
        "drop policy notes_delete on public.notes",
        ("missing", "policy", "public.notes.notes_delete"),
    ),
    ("grant select on public.notes to anon", ("added", "grant", "table.public.notes.anon")),
    ("alter table public.notes add column extra text", ("added", "column", "public.notes.extra")),
    ("drop index public.notes_owner_idx", ("missing", "index", "public.notes_owner_idx")),
    (
        "create function public.peek() returns int language sql security definer as 'select 1'",
        ("added", "function", "public.peek()"),
    ),
    (
        "alter table public.notes alter column body set default 'x'",
        ("changed", "column", "public.notes.body"),
    ),
    (
        "create trigger notes_touch before update on public.notes for each row "
        "execute function public.touch()",
        ("added", "trigger", "public.notes.notes_touch"),
    ),
]
SECURITY = {"table", "policy", "grant", "function"}


@pytest.fixture
def project() -> Iterator[Path]:
    root = world_readable_tmpdir("supatools-drift-")
    (root / "migrations").mkdir()
    (root / "migrations").chmod(0o755)
    write(root / "migrations", "20261201000000_notes.sql", APP)
    try:
        yield root
    finally:
        LocalServer(root / ".supatools" / "local").stop()
        shutil.rmtree(root, ignore_errors=True)


def _migrated(project: Path, *databases: Database) -> None:
    for database in databases:
        done = run_cli("migrate", "--db-url", database.url, "--no-verify", cwd=project)
        assert done.returncode == 0, done.stderr


def _drift(project: Path, database: Database, *args: str) -> tuple[int, dict[str, object], str]:
    done = run_cli("drift", "--db-url", database.url, "--json", *args, cwd=project)
    return done.returncode, json.loads(done.stdout), done.stderr


def _named(document: dict[str, object]) -> set[tuple[str, str, str]]:
    drifts = document["drifts"]
    assert isinstance(drifts, list)
    return {(d["change"], d["kind"], ".".join(d["path"])) for d in drifts}


def test_ten_out_of_band_changes_are_named_exactly(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, [])
    with database.connect() as conn:
        for statement, _named_as in CHANGES:
            conn.execute(statement)  # type: ignore[arg-type]
    code, document, stderr = _drift(project, database, "--against", another_database.url)
    assert _named(document) == {named for _, named in CHANGES}
    levels = {(d["kind"], d["level"]) for d in document["drifts"]}  # type: ignore[union-attr]
    assert levels == {(k, "error" if k in SECURITY else "warn") for _, (_, k, _) in CHANGES}
    assert code == 1
    [line] = [x for x in stderr.splitlines() if x.startswith("error:")]
    assert "6 security-relevant drift(s)" in line
    sarif = run_cli(
        "drift",
        "--db-url",
        database.url,
        "--against",
        another_database.url,
        "--format",
        "sarif",
        cwd=project,
    )
    assert sarif.returncode == 1
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert len(results) == 10
    assert {r["ruleId"] for r in results} >= {"drift-changed-table", "drift-added-grant"}
    assert {r["level"] for r in results} == {"error", "warning"}
    text = run_cli(
        "drift", "--db-url", database.url, "--against", another_database.url, cwd=project
    )
    assert text.returncode == 1
    assert "changed  table public.notes (row level security was turned off)" in text.stdout
    assert "rls: true -> false" in text.stdout


def test_a_policy_rewritten_with_other_spacing_is_no_drift(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    with database.connect() as conn:
        conn.execute(
            "alter policy notes_read on public.notes using ((OWNER = ( SELECT auth.uid() )))"
        )
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, [])


def test_only_insecure_drift_fails_the_run(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    with database.connect() as conn:
        conn.execute("create index notes_body_idx on public.notes (body)")
        # a privilege taken away from an API role is drift, but no way in
        conn.execute("revoke delete on public.notes from authenticated")
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert code == 0 and document["ok"] is True
    assert _named(document) == {
        ("added", "index", "public.notes_body_idx"),
        ("changed", "grant", "table.public.notes.authenticated"),
    }
    assert {d["level"] for d in document["drifts"]} == {"warn"}  # type: ignore[union-attr]
    with database.connect() as conn:
        conn.execute("grant update on public.notes to authenticated")
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert code == 1 and document["drifts"][0]["level"] == "error"  # type: ignore[index]


def test_the_applied_migrations_replayed_on_the_local_server_match_an_untouched_database(
    database: Database, project: Path
) -> None:
    _migrated(project, database)
    # a migration not applied to the target is not expected there
    write(
        project / "migrations", "20261202000000_later.sql", "create table public.later (id int);\n"
    )
    done = run_cli("drift", "--db-url", database.url, cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("no drift: "), done.stdout
    assert "1 applied migration(s) replayed on the local server" in done.stdout
    with database.connect() as conn:
        conn.execute("alter table public.notes disable row level security")
    # one a killed run left behind (its process is gone): dropped by the next run
    status = LocalServer(project / ".supatools" / "local").status()
    with psycopg.connect(status.url(MAINTENANCE_DB), autocommit=True) as conn:
        conn.execute("create database supatools_drift_999999999_0123456789")
    code, document, stderr = _drift(project, database)
    assert code == 1 and _named(document) == {("changed", "table", "public.notes")}
    assert "dropped 1 drift database(s) left by interrupted runs" in stderr
    # the expected databases were dropped afterwards
    with psycopg.connect(status.url(MAINTENANCE_DB)) as conn:
        left = conn.execute(
            "select count(*) from pg_database where starts_with(datname, 'supatools_drift_')"
        ).fetchone()
    assert left == (0,)


@pytest.mark.parametrize(
    "args",
    [
        ["--local", "--db-url", "postgresql://u@h/d"],
        ["--db-url", "postgresql://u@h/d", "--against", "mysql://nope"],
        ["--db-url", "postgresql://u@h/d", "--unknown"],
        ["--db-url", "postgresql://u@h/d", "--format", "xml"],
        ["--db-url", "postgresql://u@h/d", "--json", "--format", "sarif"],
    ],
)
def test_bad_usage_exits_2_with_one_line(args: list[str], project: Path) -> None:
    done = run_cli("drift", *args, cwd=project)
    assert done.returncode == 2, done.stderr
    assert len([x for x in done.stderr.splitlines() if x.startswith("error:")]) == 1
    assert "Traceback" not in done.stderr


def test_no_password_in_any_output(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    with database.connect() as conn:
        conn.execute("alter table public.notes disable row level security")
    secret = "hunter2-drift"
    url = database.url.replace("postgres@", f"postgres:{secret}@", 1)
    against = another_database.url.replace("postgres@", f"postgres:{secret}@", 1)
    assert secret in url
    for extra in ([], ["--json"]):
        done = run_cli("drift", "--db-url", url, "--against", against, *extra, cwd=project)
        assert done.returncode == 1
        assert secret not in done.stdout + done.stderr


def test_write_keeps_the_live_state_so_the_migrations_match_it(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    with database.connect() as conn:
        for statement, _named_as in CHANGES:
            conn.execute(statement)  # type: ignore[arg-type]
        conn.execute("comment on column public.notes.extra is 'added by hand'")
        conn.execute("create table public.scratch (id int primary key, label text not null)")
        conn.execute("alter table public.scratch enable row level security")
        conn.execute("grant select (label) on public.scratch to authenticated")
    code, document, _ = _drift(
        project, database, "--against", another_database.url, "--write", "keep dashboard edits"
    )
    assert code == 1
    written = Path(str(document["written"]))
    assert written.parent == project / "migrations"
    assert written.name.endswith("_keep_dashboard_edits.sql")
    text = written.read_text()
    assert "DROP POLICY IF EXISTS notes_read ON public.notes" in text
    # the written migration, applied after the others, makes the same database
    _migrated(project, another_database)
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, []), text
    # and on the live database itself it changes nothing
    _migrated(project, database)
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, []), text
    # nor against the migrations replayed on the local server, the written one included
    code, document, _ = _drift(project, database)
    assert (code, document["drifts"]) == (0, []), text
    assert "2 applied migration(s)" in str(document["expected"]), document["expected"]


def test_write_makes_again_a_function_whose_result_type_changed_with_its_grants(
    database: Database, another_database: Database, project: Path
) -> None:
    write(
        project / "migrations",
        "20261202000000_answer.sql",
        "create function public.answer() returns int language sql as 'select 1';\n"
        "revoke all on function public.answer() from public;\n"
        "grant execute on function public.answer() to authenticated;\n",
    )
    _migrated(project, database, another_database)
    with database.connect() as conn:
        conn.execute("drop function public.answer()")
        conn.execute(
            "create function public.answer() returns text language sql as 'select 2::text'"
        )
        conn.execute("revoke all on function public.answer() from public")
        conn.execute("grant execute on function public.answer() to anon, authenticated")
    code, document, _ = _drift(
        project, database, "--against", another_database.url, "--write", "new answer"
    )
    assert code == 1
    assert ("changed", "function", "public.answer()") in _named(document)
    text = Path(str(document["written"])).read_text()
    assert "DROP FUNCTION IF EXISTS public.answer()" in text
    _migrated(project, another_database)  # CREATE OR REPLACE alone fails here
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, []), text
    _migrated(project, database)
    code, document, _ = _drift(project, database, "--against", another_database.url)
    assert (code, document["drifts"]) == (0, []), text


@pytest.mark.parametrize("mode", ["against", "replay"])
def test_drift_takes_the_same_round_trips_whatever_the_schema_size(
    database: Database, another_database: Database, project: Path, mode: str
) -> None:
    """Connect, then the snapshot (with the history) in one message, whatever the size."""
    from tests.proxy import proxied

    _migrated(project, database, another_database)
    trips = []
    for tables in (0, 40):
        with database.connect() as conn:
            for n in range(tables):
                conn.execute(f"create table public.extra_{n} (id int primary key, v text)")  # type: ignore[arg-type]
                conn.execute(f"create index on public.extra_{n} (v)")  # type: ignore[arg-type]
        with proxied(database.url, 0) as (proxy, url):
            proxy.counter.settle()
            proxy.counter.reset()
            extra = ["--against", another_database.url] if mode == "against" else []
            done = run_cli("drift", "--db-url", url, "--json", *extra, cwd=project)
            assert done.returncode == 0, done.stderr
            proxy.counter.settle()
            trips.append(proxy.counter.round_trips)
            assert proxy.counter.connections == 1
    assert trips[0] == trips[1], trips
    assert trips[0] <= 4, trips


def test_the_example_app_untouched_after_its_migration_reports_nothing(
    database: Database, project: Path
) -> None:
    """The replay on the local server (PostgreSQL 18) against the test server (15 or 18)."""
    from tests.conftest import REPO

    shutil.rmtree(project / "migrations")
    shutil.copytree(REPO / "migrations", project / "migrations")
    (project / "pyproject.toml").write_text('[tool.supatools.local]\ngrants = "explicit"\n')
    _migrated(project, database)
    done = run_cli("drift", "--db-url", database.url, cwd=project)
    assert (done.returncode, done.stdout.split(":")[0]) == (0, "no drift"), done.stdout


@pytest.fixture(scope="module")
def corpus_root() -> Iterator[Path]:
    """One project folder for the corpus apps in turn: one local server for all of them."""
    root = world_readable_tmpdir("supatools-drift-corpus-")
    try:
        yield root
    finally:
        LocalServer(root / ".supatools" / "local").stop()
        shutil.rmtree(root, ignore_errors=True)


def _corpus_apps() -> list[str]:
    from tests.test_corpus import NEEDS, STOPS

    return sorted(set(NEEDS) - set(STOPS))


@pytest.mark.parametrize("app", _corpus_apps())
def test_every_vendored_app_untouched_after_its_migration_reports_nothing(
    app: str, local_database: str, corpus_root: Path
) -> None:
    """Each real app migrated as tests/test_corpus.py does (its era's grants), then its
    applied migrations replayed by drift on the local server: the same catalog."""
    from supatools import era
    from supatools.local.database import LEGACY_GRANTS
    from tests.test_corpus import CORPUS

    shutil.rmtree(corpus_root / "supabase", ignore_errors=True)
    shutil.copytree(CORPUS / app / "supabase", corpus_root / "supabase")
    decided = era.decide("auto", None, corpus_root / "supabase" / "migrations")[0]
    if decided == era.LEGACY:
        with psycopg.connect(local_database, autocommit=True) as conn:
            conn.execute(LEGACY_GRANTS)
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=corpus_root)
    assert run.returncode == 0, run.stderr
    done = run_cli("drift", "--db-url", local_database, cwd=corpus_root)
    assert (done.returncode, done.stdout.split(":")[0]) == (0, "no drift"), (
        done.stdout + done.stderr
    )
    assert " 0 applied migration(s)" not in done.stdout
    # and migrate's own fingerprint (item 5) sees nothing changed since its run
    again = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=corpus_root)
    assert again.returncode == 0, again.stderr
    assert "outside migrations" not in again.stderr, again.stderr


def test_names_are_escaped_and_what_cannot_be_written_is_listed(
    database: Database, another_database: Database, project: Path
) -> None:
    _migrated(project, database, another_database)
    with database.connect() as conn:
        conn.execute('create table public."evil\nerror: forged" (id int)')
        conn.execute("create materialized view public.counts as select count(*) from public.notes")
        conn.execute('create materialized view public."m\ndrop table public.notes; --" as select 1')
    done = run_cli(
        "drift",
        "--db-url",
        database.url,
        "--against",
        another_database.url,
        "--write",
        "keep",
        cwd=project,
    )
    assert done.returncode == 0, done.stderr
    assert "added    table public.evil\\nerror: forged" in done.stdout
    assert not any(line.startswith("error:") for line in done.stdout.splitlines())
    assert "not written: materialized view public.counts: write it by hand" in done.stdout
    [written] = (project / "migrations").glob("*_keep.sql")
    text = written.read_text()
    assert "-- not written: materialized view public.counts" in text
    # a name cannot end the comment and write a statement of its own
    assert "-- not written: materialized view public.m\\ndrop table public.notes; --" in text
    assert not any(line.startswith("drop table") for line in text.splitlines())
    assert 'CREATE TABLE IF NOT EXISTS public."evil\nerror: forged"' in text


def test_a_replay_that_fails_is_one_line_naming_the_file(database: Database, project: Path) -> None:
    _migrated(project, database)
    # the applied file was edited since: it no longer runs
    write(project / "migrations", "20261201000000_notes.sql", "select no_such_function();\n")
    done = run_cli("drift", "--db-url", database.url, cwd=project)
    assert done.returncode == 1, done.stderr
    [line] = [x for x in done.stderr.splitlines() if x.startswith("error:")]
    assert "replaying the applied migrations on the local server failed" in line
    assert f"{project / 'migrations'}/20261201000000_notes.sql:1" in line
    assert "Traceback" not in done.stderr


def test_local_compares_the_local_server_with_its_own_replay(project: Path) -> None:
    done = run_cli("migrate", "--local", "--no-verify", cwd=project)
    assert done.returncode == 0, done.stderr
    done = run_cli("drift", "--local", cwd=project)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("no drift: "), done.stdout
    status = LocalServer(project / ".supatools" / "local").status()
    with psycopg.connect(status.url(), autocommit=True) as conn:
        conn.execute("grant select on public.notes to anon")
    done = run_cli("drift", "--local", "--json", cwd=project)
    assert done.returncode == 1
    assert _named(json.loads(done.stdout)) == {("added", "grant", "table.public.notes.anon")}
