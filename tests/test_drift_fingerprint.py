"""migrate's one-line warning when the database changed outside migrations since its last
run (issue 25 item 5): a catalog fingerprint recorded with the run, compared by the next."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Database, run_cli, world_readable_tmpdir, write
from tests.test_drift import APP, CHANGES

WARNING = re.compile(
    r"^warning: (\d+) object\(s\) of the database changed (?:outside migrations )?since the "
    r"last supatools migrate \(\d{4}-\d\d-\d\d \d\d:\d\d [^)]*\)[,;] .*run supatools drift "
    r"to see what",
    re.MULTILINE,
)

#: a second migration, so that a run can apply something after a change made by hand
LATER = (
    "create table public.tags (id bigint primary key, name text not null);\n"
    "alter table public.tags enable row level security;\n"
    "create policy tags_read on public.tags for select to authenticated using (true);\n"
)


@pytest.fixture
def project() -> Iterator[Path]:
    root = world_readable_tmpdir("supatools-fingerprint-")
    (root / "migrations").mkdir()
    write(root / "migrations", "20261201000000_notes.sql", APP)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _migrate(project: Path, database: Database, *args: str) -> tuple[int, str]:
    done = run_cli("migrate", "--db-url", database.url, "--no-verify", *args, cwd=project)
    return done.returncode, done.stderr


def _changed(stderr: str) -> int | None:
    """The count the warning gives, or None without a warning; never two warnings."""
    found = WARNING.findall(stderr)
    assert len(found) <= 1, stderr
    return int(found[0]) if found else None


def test_a_database_changed_by_nothing_but_migrations_gets_no_warning(
    database: Database, project: Path
) -> None:
    assert _migrate(project, database)[0] == 0
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
    # rows, statistics and a vacuum are no change of the schema
    with database.connect() as conn:
        conn.execute("insert into public.notes (owner, body) values (gen_random_uuid(), 'x')")
        conn.execute("analyze public.notes")
        conn.execute("vacuum public.notes")
    write(project / "migrations", "20261202000000_tags.sql", LATER)
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr


@pytest.mark.parametrize(
    ("statement", "named"), CHANGES, ids=[c[1][1] + "-" + c[1][0] for c in CHANGES]
)
def test_each_kind_of_change_by_hand_is_counted_once_then_recorded(
    database: Database, project: Path, statement: str, named: tuple[str, str, str]
) -> None:
    code, _ = _migrate(project, database)
    assert code == 0
    with database.connect() as conn:
        conn.execute(statement)  # type: ignore[arg-type]
    code, stderr = _migrate(project, database)
    # every change touches one object: public.notes, or the new function public.peek()
    assert (code, _changed(stderr)) == (0, 1), stderr
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr


def test_the_count_is_of_objects_and_the_warning_comes_before_the_run_applies(
    database: Database, project: Path
) -> None:
    assert _migrate(project, database)[0] == 0
    with database.connect() as conn:
        conn.execute("create table public.scratch (id int)")
        conn.execute("grant select on public.notes to anon")
        conn.execute("comment on function public.touch() is 'by hand'")
        conn.execute("create schema reports")
    write(project / "migrations", "20261202000000_tags.sql", LATER)
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, 4), stderr
    assert stderr.index("warning: 4 object(s)") < stderr.index("20261202000000")
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr


def test_what_a_rollback_or_a_failed_run_changed_is_no_change_by_hand(
    database: Database, project: Path
) -> None:
    write(project / "migrations", "20261202000000_tags.sql", LATER)
    write(project / "migrations", "20261202000000_tags.down.sql", "drop table public.tags;\n")
    assert _migrate(project, database)[0] == 0
    done = run_cli(
        "rollback", "--db-url", database.url, "--last", "--yes", "--no-verify", cwd=project
    )
    assert done.returncode == 0, done.stderr
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
    # a run that applies one migration and fails on the next keeps the first: recorded
    write(project / "migrations", "20261203000000_more.sql", "create table public.more (id int);\n")
    write(project / "migrations", "20261204000000_broken.sql", "select * from nowhere;\n")
    code, stderr = _migrate(project, database)
    assert code == 1, stderr
    (project / "migrations" / "20261204000000_broken.sql").unlink()
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr


def test_a_fingerprint_of_another_format_or_server_version_is_not_compared(
    database: Database, project: Path
) -> None:
    assert _migrate(project, database)[0] == 0
    with database.connect() as conn:
        conn.execute("alter table public.notes disable row level security")
        conn.execute("update supabase_migrations.supatools_catalog set format = 0")
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
    with database.connect() as conn:
        conn.execute("alter table public.notes enable row level security")
        conn.execute("update supabase_migrations.supatools_catalog set server_version = 1")
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
    # and the run recorded a comparable one again
    with database.connect() as conn:
        conn.execute("alter table public.notes disable row level security")
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, 1), stderr


def test_the_warning_is_one_line_on_stderr_and_json_stays_one_document(
    database: Database, project: Path
) -> None:
    import json

    assert _migrate(project, database)[0] == 0
    with database.connect() as conn:
        conn.execute("alter table public.notes disable row level security")
    done = run_cli("migrate", "--db-url", database.url, "--no-verify", "--json", cwd=project)
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    assert _changed(done.stderr) == 1
    [line] = [x for x in done.stderr.splitlines() if "outside migrations" in x]
    assert "postgres:" not in line


def test_migrations_another_tool_applied_are_said_to_be_possibly_migrations(
    database: Database, project: Path
) -> None:
    """supabase db push (or repair, baseline) changes the history without recording the
    fingerprint: the warning then says the history changed too."""
    assert _migrate(project, database)[0] == 0
    with database.connect() as conn:
        conn.execute("create table public.pushed (id int)")
        conn.execute(
            "insert into supabase_migrations.schema_migrations (version, name, statements) "
            "values ('20261205000000', 'pushed', array['create table public.pushed (id int)'])"
        )
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, 1), stderr
    assert "and so did the migration history (supabase db push, repair, baseline)" in stderr
    with database.connect() as conn:
        conn.execute("alter table public.pushed add column extra text")
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, 1), stderr
    assert "changed outside migrations since" in stderr


def test_a_run_that_changes_nothing_only_dates_the_fingerprint(
    database: Database, project: Path
) -> None:
    """A run that applies nothing and finds the catalog as recorded does not hash it again
    (at 20,000 tables that is most of a second): it dates the stored fingerprint. So a
    change another session makes while such a run holds the lock stays unrecorded, and the
    next run says it; hashing at the release would have taken it in unsaid."""
    from supatools.drift import fingerprint
    from supatools.migrations import apply
    from supatools.settings import Settings

    assert _migrate(project, database)[0] == 0
    before = database.scalar(f"select taken_at from {fingerprint.TABLE}")
    counts: list[int | None] = []

    def seen(results: list[list[tuple[object, ...]]]) -> bool:
        found = fingerprint.changed(results[-1])  # type: ignore[arg-type]
        counts.append(None if found is None else found.count)
        return fingerprint.unchanged(found)

    def verdict(conn: object) -> object:
        with database.connect() as other:  # after the check, before the release
            other.execute("create table public.sneaky (id int)")
        return apply.AfterApply  # any object: the engine carries it into the result

    watch = apply.Watch(fingerprint.check(), seen, fingerprint.record(), fingerprint.touch())
    settings = Settings(migrations_dir=project / "migrations", policies_dir=project / "none")
    done = apply.migrate(settings, database.url, gates=apply.Gates(watch=watch, verdict=verdict))  # type: ignore[arg-type]
    assert done.applied == () and counts == [0]
    after = database.scalar(f"select taken_at from {fingerprint.TABLE}")
    assert after > before  # type: ignore[operator]
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, 1), stderr
    code, stderr = _migrate(project, database)  # that run recorded it
    assert (code, _changed(stderr)) == (0, None), stderr


def test_a_run_that_fails_after_committing_part_of_a_file_records_the_catalog(
    database: Database, project: Path
) -> None:
    """The cheap date-only record is for runs that had nothing to apply: a no-transaction
    file that fails after its first statement committed changed the catalog, whether or
    not the run counts it applied, so its release hashes the catalog again."""
    assert _migrate(project, database)[0] == 0
    broken = project / "migrations" / "20261202000000_partial.sql"
    write(
        project / "migrations",
        broken.name,
        "-- supatools:no-transaction\ncreate table public.partial (id int);\n"
        "select * from nowhere;\n",
    )
    code, stderr = _migrate(project, database)
    assert code == 1 and database.scalar("select to_regclass('public.partial')::text")
    broken.unlink()
    code, stderr = _migrate(project, database)
    assert (code, _changed(stderr)) == (0, None), stderr
