"""Issue 7 item 11: statements that cannot run in a transaction are refused before anything
runs, and the list agrees with the server under test: each one, sent inside BEGIN, fails
with SQLSTATE 25001 (active_sql_transaction)."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from supatools.errors import MigrationFileError
from supatools.migrations.files import discover
from supatools.migrations.statements import parse
from tests.conftest import Database, write

SETUP = """
create table part (id int) partition by range (id);
create table part_1 partition of part for values from (0) to (10);
create table plain (id int);
create index plain_id on plain (id);
"""

# statement, what supatools names it
REFUSED_BY_THE_SERVER = [
    ("create index concurrently plain_id2 on plain (id)", "CREATE INDEX CONCURRENTLY"),
    ("drop index concurrently plain_id", "DROP INDEX CONCURRENTLY"),
    ("reindex index concurrently plain_id", "REINDEX ... CONCURRENTLY"),
    ("reindex (concurrently) table plain", "REINDEX ... CONCURRENTLY"),
    ("reindex schema public", "REINDEX SCHEMA"),
    ("reindex database postgres", "REINDEX DATABASE"),
    ("reindex system {db}", "REINDEX SYSTEM"),  # PostgreSQL 15 needs the name
    ("vacuum plain", "VACUUM"),
    ("vacuum", "VACUUM"),
    ("cluster", "CLUSTER without a table"),
    ("alter table part detach partition part_1 concurrently", "DETACH PARTITION"),
    ("discard all", "DISCARD ALL"),
    ("alter system set work_mem = '8MB'", "ALTER SYSTEM"),
    ("create database supatools_never", "CREATE DATABASE"),
    ("drop database supatools_never", "DROP DATABASE"),
    ("create tablespace never location '/nonexistent'", "CREATE TABLESPACE"),
    ("drop tablespace never", "DROP TABLESPACE"),
    ("alter database postgres set tablespace pg_default", "SET TABLESPACE"),
]

# refused by supatools; the server refuses them too, but only once it reaches a publisher
REFUSED_STATICALLY_ONLY = [
    ("create subscription s connection 'host=x' publication p", "CREATE SUBSCRIPTION"),
    ("alter subscription s refresh publication", "REFRESH PUBLICATION"),
    ("alter subscription s add publication p", "PUBLICATION (with refresh)"),
]

ALLOWED = [
    "analyze plain",
    "cluster plain using plain_id",
    "discard temp",
    "reindex table plain",
    "alter table part detach partition part_1",
    "create subscription s connection 'host=x' publication p with (connect = false)",
    "alter subscription s set publication p with (refresh = false)",
    "drop subscription if exists s",
]


def refusal(tmp_path: Path, statement: str) -> str | None:
    folder = tmp_path / "m"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    write(folder, "20250101000000_x.sql", f"select 1;\n{statement};\n")
    (migration,) = discover(folder)
    try:
        parsed = parse(migration)
    except MigrationFileError as exc:
        assert exc.exit_code == 2
        assert "20250101000000_x.sql:2" in exc.message
        return exc.message
    if parsed.notice:  # run outside a transaction by itself, as the Supabase CLI does
        assert parsed.migration.no_transaction and "20250101000000_x.sql:2" in parsed.notice
        return parsed.notice
    return None


@pytest.mark.parametrize(("statement", "name"), REFUSED_BY_THE_SERVER)
def test_supatools_never_sends_in_a_transaction_what_the_server_refuses_there(
    database: Database, tmp_path: Path, statement: str, name: str
) -> None:
    statement = statement.format(db=database.name)
    message = refusal(tmp_path, statement)
    assert message is not None and name in message
    with database.connect() as conn:
        conn.execute(SETUP)
        conn.execute("begin")
        with pytest.raises(psycopg.Error) as caught:
            conn.execute(statement)
        assert caught.value.sqlstate == "25001", caught.value
        conn.execute("rollback")


@pytest.mark.parametrize(("statement", "name"), REFUSED_STATICALLY_ONLY)
def test_subscription_changes_that_create_or_refresh_slots_are_refused(
    tmp_path: Path, statement: str, name: str
) -> None:
    message = refusal(tmp_path, statement)
    assert message is not None and name in message


@pytest.mark.parametrize("statement", ALLOWED)
def test_look_alikes_that_run_in_a_transaction_are_accepted(tmp_path: Path, statement: str) -> None:
    assert refusal(tmp_path, statement) is None
