"""The history rows migrate writes hold exactly the values given (issue 24): the inserts are
SQL text with literals (history.Recorder, psycopg's own quoting taken once per run), so
any text a statement, a name or a user can hold must come back unchanged, whether the
server reads backslashes as escapes or not."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import psycopg
from hypothesis import example, given, settings
from hypothesis import strategies as st

from supatools.migrations import history
from supatools.migrations.files import MigrationFile

from .conftest import Database

#: quotes, backslashes, braces and commas (array syntax), non-ASCII, line breaks; no NUL
#: (a file holding one is refused before anything is read)
HAZARDS = list("'\\\"{},; E$\r\n\té𝄞x")
TEXT = st.text(st.sampled_from(HAZARDS), max_size=12) | st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=30
)

MIGRATION = MigrationFile(
    version="20250101000000",
    name="first",
    path=Path("20250101000000_first.sql"),
    source="select 1",
    description="",
    no_transaction=False,
    requires=(),
    down_path=None,
)


def test_rows_hold_the_values_given(database: Database) -> None:
    with psycopg.connect(database.url, autocommit=True, client_encoding="UTF8") as conn:
        for statement in history.ensure_statements(history.tables_present(conn)):
            conn.execute(statement)

        @settings(max_examples=60, deadline=None)
        @given(
            statements=st.lists(TEXT, max_size=5),
            name=TEXT,
            who=TEXT,
            duration=st.none() | st.integers(0, 2**31 - 1),
            no_transaction=st.booleans(),
            conforming=st.booleans(),
        )
        @example(["a\\1'b", '{"x"}, y'], "n'\\", "u\\@h", None, False, False)
        def written_as_given(
            statements: list[str],
            name: str,
            who: str,
            duration: int | None,
            no_transaction: bool,
            conforming: bool,
        ) -> None:
            migration = dataclasses.replace(MIGRATION, name=name, no_transaction=no_transaction)
            recorder = history.Recorder(conn, applied_by=who, tool_version="9.9'\\")
            text = recorder.sql(migration, statements, duration)
            with conn.transaction(force_rollback=True):
                conn.execute(
                    f"SET LOCAL standard_conforming_strings = {'on' if conforming else 'off'}"
                )
                conn.execute(text.encode("utf-8"))
                conn.execute("RESET standard_conforming_strings")
                cli = conn.execute(
                    "SELECT version, name, statements FROM supabase_migrations.schema_migrations"
                ).fetchall()
                own = conn.execute(
                    "SELECT version, checksum, applied_by, duration_ms, supatools_version,"
                    " no_transaction FROM supabase_migrations.supatools_history"
                ).fetchall()
            assert cli == [(migration.version, name, statements)]
            ((version, checksum, applied_by, measured, tool, flag),) = own
            assert (version, checksum, applied_by, tool, flag) == (
                migration.version,
                migration.checksum,
                who,
                "9.9'\\",
                no_transaction,
            )
            assert measured == duration if duration is not None else measured >= 0

        written_as_given()
