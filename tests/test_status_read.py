"""``migrate --status``'s own path (issue 24): its lighter history read gives the rows of
``history.read`` (no duration, in any order) for every shape of history table, its
status is ``apply.status``'s, and its table is ``plain_table``'s to the byte."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supatools.migrations import apply, history
from supatools.migrations import status as status_path
from supatools.migrations.files import MigrationFile, discover
from supatools.migrations.plan import State, StatusEntry
from supatools.render.migrate import STATUS_HEADERS, status_table
from supatools.render.output import plain_table, when
from supatools.settings import Settings
from tests.conftest import Database, write

#: history tables as each writer leaves them: supatools (both tables), the Supabase CLI
#: (its table only), an old Supabase CLI (no name, no statements column)
SHAPES = {
    "supatools": None,
    "supabase cli": "DROP TABLE supabase_migrations.supatools_history",
    "old supabase cli": "DROP TABLE supabase_migrations.supatools_history; "
    "ALTER TABLE supabase_migrations.schema_migrations DROP COLUMN name, "
    "DROP COLUMN statements",
}


def fields(
    rows: list[history.HistoryRow] | list[status_path.StatusRow],
) -> list[tuple[object, ...]]:
    """What --status reads of each row, statements as a tuple, in version order."""
    return sorted(
        (
            r.version,
            r.name,
            r.checksum,
            r.applied_at,
            r.applied_by,
            None if r.statements is None else tuple(r.statements),
        )
        for r in rows
    )


@pytest.mark.parametrize("shape", SHAPES)
def test_the_status_read_is_the_history_read_without_duration(
    database: Database, shape: str
) -> None:
    with psycopg.connect(database.url, autocommit=True) as conn:
        assert status_path.read_history(conn) == []  # no history table yet: nothing
        history.ensure_tables(conn)
        conn.execute(
            "INSERT INTO supabase_migrations.schema_migrations VALUES "
            "('20250101000000', '{\"create table a (id int)\"}', 'a'), "
            "('20250102000000', '{\"select 1\",\"select 2\"}', NULL), "
            "('abc', NULL, 'not a version')"
        )
        conn.execute(
            "INSERT INTO supabase_migrations.supatools_history (version, checksum, "
            "applied_by, duration_ms, supatools_version) VALUES "
            "('20250101000000', repeat('a', 64), 'me', 12, '0')"
        )
        if SHAPES[shape]:
            conn.execute(SHAPES[shape])
        expected = history.read(conn)
        got = status_path.read_history(conn)
    assert len(got) == 3
    assert fields(got) == fields(expected)
    assert [type(value) for value in got[0]] == [str, str, *[type(v) for v in got[0][2:]]]
    if shape == "supatools":  # statements only where there is no checksum to compare
        by_version = {row.version: row for row in got}
        assert by_version["20250101000000"].statements is None
        assert by_version["20250101000000"].checksum == "a" * 64
        assert by_version["20250102000000"].statements == ["select 1", "select 2"]


def test_the_status_is_apply_status(tmp_path: Path, database: Database) -> None:
    """applied, modified, pending, out-of-order, missing and a non-version row, both ways."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for name in ("20250101000000_a.sql", "20250103000000_c.sql", "20250105000000_e.sql"):
        write(folder, name, f"-- {name}\nselect 1;\n")
    settings = Settings(migrations_dir=folder)  # type: ignore[call-arg]
    apply.migrate(settings, database.url, only=None, include_all=False)
    write(folder, "20250101000000_a.sql", "-- changed\nselect 2;\n")  # modified
    write(folder, "20250102000000_b.sql", "select 3;\n")  # out of order
    write(folder, "20250106000000_f.sql", "select 4;\n")  # pending
    (folder / "20250105000000_e.sql").unlink()  # missing
    with psycopg.connect(database.url, autocommit=True) as conn:
        conn.execute("INSERT INTO supabase_migrations.schema_migrations VALUES ('abc', NULL, 'x')")
    local = discover(folder)
    got = status_path.status(settings, database.url, local)
    assert got == apply.status(settings, database.url, local=local)
    assert [(e.version, e.state) for e in got] == [
        ("20250101000000", State.MODIFIED),
        ("20250102000000", State.OUT_OF_ORDER),
        ("20250103000000", State.APPLIED),
        ("20250105000000", State.MISSING),
        ("20250106000000", State.PENDING),
        ("abc", State.MISSING),
    ]


def entry(version: str, name: str, description: str, applied: datetime | None) -> StatusEntry:
    migration = MigrationFile(version, name, Path(f"{version}_{name}.sql"), "", "", False, (), None)
    return StatusEntry(version, name, State.APPLIED, description, applied, "me", migration)


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
#: local clock changes: Berlin's DST (both ways), Lord Howe's half hour, a year before 1000
NEAR = [
    datetime(2025, 3, 30, 1, tzinfo=timezone.utc),
    datetime(2025, 10, 26, 1, tzinfo=timezone.utc),
    datetime(2025, 4, 5, 15, tzinfo=timezone.utc),
    datetime(999, 12, 31, 23, 30, tzinfo=timezone.utc),
]
BASES = st.sampled_from(NEAR) | st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
)
#: a row's time: none, or within a few seconds of the table's base instant (a migrate run)
OFFSETS = (
    st.none() | st.integers(-3_000_000, 3_000_000) | st.integers(-(7200 * 10**6), 7200 * 10**6)
)
ZONES = ["UTC", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"]


@contextmanager
def local_zone(zone: str) -> Iterator[None]:
    """The process's local time zone (what ``astimezone()`` converts to) set to ``zone``."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT, TEXT, OFFSETS), max_size=8), BASES, st.sampled_from(ZONES))
def test_the_status_table_is_plain_table_to_the_byte(
    rows: list[tuple[str, str, str, int | None]], base: datetime, zone: str
) -> None:
    """Any names (control characters, wide and combining characters, trailing spaces), any
    time or none (several in one second, near clock changes, in any local zone), no rows."""
    entries = tuple(
        entry(v, n, d, None if micro is None else base + timedelta(microseconds=micro))
        for v, n, d, micro in rows
    )
    with local_zone(zone):
        expected = plain_table(
            list(STATUS_HEADERS),
            [
                [e.version, e.name, e.state.value, when(e.applied_at), e.description]
                for e in entries
            ],
        )
        assert status_table(entries) == expected


def test_the_status_table_escapes_and_aligns() -> None:
    """A hand-checked table: one column escaped, the others padded, the last not."""
    at = datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=timezone(timedelta(hours=2)))
    table = status_table(
        (entry("1", "a\x1bb", "first  ", at), entry("20250101000000", "x", "", None))
    )
    local = when(at)
    assert len(local) == 19
    assert table.splitlines() == [
        "version        | name   | state   | applied at          | description",
        "---------------+--------+---------+---------------------+------------",
        f"1              | a\\x1bb | applied | {local} | first",
        "20250101000000 | x      | applied |                     |",
    ]


def test_a_status_entry_built_fast_is_the_one_the_constructor_makes() -> None:
    """``plan._entry`` skips the generated ``__init__``: it must set every field (a field
    added later and forgotten there fails here) and stay frozen."""
    import dataclasses

    from supatools.migrations.plan import _entry

    at = datetime(2025, 1, 2, tzinfo=timezone.utc)
    made = entry("1", "x", "d", at)
    fast = _entry("1", "x", State.APPLIED, "d", at, "me", made.migration)
    assert fast == made and vars(fast) == vars(made)
    assert set(vars(fast)) == {f.name for f in dataclasses.fields(StatusEntry)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.state = State.PENDING  # type: ignore[misc]
