"""Discovery, naming rule, header directives, checksums and pglast-based checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.errors import MigrationFileError, UsageError
from supatools.migrations.files import checksum, discover
from supatools.migrations.statements import comparable, parse
from tests.conftest import write


def only(directory: Path):  # type: ignore[no-untyped-def]
    (migration,) = discover(directory)
    return migration


def test_names_the_supabase_cli_applies_are_migrations(migrations_dir: Path) -> None:
    """Issue 8: <digits>_<anything>.sql, as the CLI's own pattern; style is lint's job."""
    names = [
        "20240101000000_basejump-setup.sql",
        "20240102000000_MFA.sql",
        "20240103000000_gemini_1.5.sql",
        "20240104000000_langchain@embedding_search-1.1.1.sql",
        "202401050000_short_version.sql",
    ]
    for name in names:
        write(migrations_dir, name, "select 1;")
    found = discover(migrations_dir)
    assert sorted(m.filename for m in found) == sorted(names)
    assert {m.name for m in found} >= {"basejump-setup", "MFA", "gemini_1.5"}


def test_names_the_cli_skips_are_skipped_with_a_warning(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_ok.sql", "select 1;")
    write(migrations_dir, "local_20240101000000_ollama.sql", "select 1;")
    write(migrations_dir, "README.md", "ignored")
    write(migrations_dir, ".DS_Store", "ignored")
    warnings: list[str] = []
    (migration,) = discover(migrations_dir, warnings.append)
    assert migration.filename == "20250101000000_ok.sql"
    assert len(warnings) == 1 and "local_20240101000000_ollama.sql: skipped" in warnings[0]


def test_nul_byte_is_bad_input_naming_its_line(migrations_dir: Path) -> None:
    """Issue 7 item 3: a NUL byte would cut the file at that point in libpq and pglast."""
    path = migrations_dir / "20250101000000_a.sql"
    path.write_bytes(b"create table a(x int);\n-- n\x00\ncreate table b(x int);\n")
    with pytest.raises(MigrationFileError, match=r"20250101000000_a.sql:2: a NUL byte") as caught:
        discover(migrations_dir)
    assert caught.value.exit_code == 2


def test_a_fifo_named_sql_is_refused_without_hanging(migrations_dir: Path) -> None:
    """Issue 7 item 15: regular files only; symlinks to regular files are fine."""
    import os

    write(migrations_dir, "20250101000000_real.sql", "select 1;")
    (migrations_dir / "20250102000000_link.sql").symlink_to(
        migrations_dir / "20250101000000_real.sql"
    )
    assert len(discover(migrations_dir)) == 2
    os.mkfifo(migrations_dir / "20250103000000_pipe.sql")
    with pytest.raises(MigrationFileError, match="not a regular file"):
        discover(migrations_dir)


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from supatools.migrations.files import read_regular_file

    path = tmp_path / "big.sql"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, limit=100) == b"x" * 100
    with pytest.raises(MigrationFileError, match="split it"):
        read_regular_file(path, limit=99)


def test_duplicate_versions_are_refused(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "select 1;")
    write(migrations_dir, "20250101000000_b.sql", "select 1;")
    with pytest.raises(MigrationFileError, match="duplicate version 20250101000000"):
        discover(migrations_dir)


def test_non_utf8_file_names_its_line(migrations_dir: Path) -> None:
    (migrations_dir / "20250101000000_a.sql").write_bytes(b"select 1;\nselect '\xe9';\n")
    with pytest.raises(MigrationFileError, match=r"20250101000000_a.sql:2: not valid UTF-8"):
        discover(migrations_dir)


def test_unreadable_file_is_bad_input(migrations_dir: Path) -> None:
    (migrations_dir / "20250101000000_a.sql").symlink_to(migrations_dir / "nowhere.sql")
    with pytest.raises(MigrationFileError, match="cannot read it"):
        discover(migrations_dir)


def test_missing_folder_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        discover(tmp_path / "nope")


def test_header_description_directives_and_down_file(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_base.sql", "select 1;")
    write(
        migrations_dir,
        "20250102000000_index.sql",
        "\n-- Build the index concurrently.\n-- second line\n"
        "-- supatools:no-transaction\n-- requires: 20250101000000_base.sql, 20250101000000\n"
        "create index concurrently i on t (a);\n-- requires: 20250101000001\n",
    )
    write(migrations_dir, "20250102000000_index.down.sql", "drop index i;")
    base, index = discover(migrations_dir)
    assert index.description == "Build the index concurrently."
    assert index.no_transaction is True
    assert [str(r) for r in index.requires] == ["20250101000000_base", "20250101000000"]
    assert index.down_path is not None and index.down_path.name.endswith(".down.sql")
    assert base.down_path is None and base.no_transaction is False


def test_requires_directive_namespaced_and_prose_left_alone(migrations_dir: Path) -> None:
    """Issue 8: a prose '-- requires:' is a description, not a dependency."""
    write(migrations_dir, "20250101000000_base.sql", "select 1;")
    write(
        migrations_dir,
        "20250102000000_views.sql",
        "-- requires: view_users_private_info permission from the admin\n"
        "-- supatools:requires 20250101000000_base\nselect 1;\n",
    )
    _, views = discover(migrations_dir)
    assert [str(r) for r in views.requires] == ["20250101000000_base"]
    assert views.description.startswith("requires: view_users_private_info")
    write(migrations_dir, "20250103000000_bad.sql", "-- supatools:requires the admin role\n")
    with pytest.raises(MigrationFileError, match="20250103000000_bad.sql:1"):
        discover(migrations_dir)


def test_checksum_ignores_line_endings_and_trailing_whitespace_only() -> None:
    text = "create table t (a int);\nselect 1;\n"
    assert checksum(text) == checksum("create table t (a int);  \r\nselect 1;\t\r\n\r\n")
    assert checksum(text) != checksum("create table t (a  int);\nselect 1;\n")
    assert checksum(text) != checksum(" create table t (a int);\nselect 1;\n")


def test_outer_begin_commit_is_stripped(migrations_dir: Path) -> None:
    write(
        migrations_dir,
        "20250101000000_a.sql",
        "-- wrapped\nBEGIN;\ncreate table t (a int);\nsavepoint s;\nCOMMIT;\n",
    )
    parsed = parse(only(migrations_dir))
    assert parsed.outer_transaction is True
    assert [s.text for s in parsed.statements] == ["create table t (a int)", "savepoint s"]
    assert [s.line for s in parsed.statements] == [3, 4]


@pytest.mark.parametrize(
    ("body", "line", "word"),
    [
        ("create table t (a int);\ncommit;\ncreate table u (a int);\n", 2, "COMMIT"),
        ("begin;\ncreate table t (a int);\nrollback;\n", 3, "ROLLBACK"),
        ("create table t (a int);\n\nend;\n", 3, "END"),
        ("begin;\nselect 1;\ncommit;\nbegin;\nselect 2;\ncommit;\n", 3, "COMMIT"),
    ],
)
def test_transaction_control_inside_runs_as_written_and_strict_refuses_it_with_its_line(
    migrations_dir: Path, body: str, line: int, word: str
) -> None:
    write(migrations_dir, "20250101000000_a.sql", body)
    with pytest.raises(MigrationFileError) as caught:
        parse(only(migrations_dir), strict=True)
    assert f"20250101000000_a.sql:{line}: {word}" in caught.value.message
    parsed = parse(only(migrations_dir))
    assert parsed.as_written and parsed.migration.no_transaction
    assert parsed.notice is not None and f"_a.sql:{line}: " in parsed.notice
    assert "not atomic" in parsed.notice and "--strict" in parsed.notice
    # as written: every statement is sent, its own BEGIN/COMMIT included
    assert len(parsed.statements) == body.count(";")


def test_two_phase_commit_is_refused_even_as_written(migrations_dir: Path) -> None:
    write(
        migrations_dir,
        "20250101000000_a.sql",
        "begin;\nselect 1;\nprepare transaction 'x';\ncommit;\n",
    )
    with pytest.raises(MigrationFileError, match=r"_a.sql:3: PREPARE \(two-phase"):
        parse(only(migrations_dir))


def test_syntax_error_names_line_and_column(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "select 1;\n  create tabel t (a int);\n")
    with pytest.raises(MigrationFileError, match=r"_a.sql:2:10: syntax error"):
        parse(only(migrations_dir))


@pytest.mark.parametrize(
    "statement",
    ["vacuum t", "alter system set work_mem = '8MB'", "create database d"],
)
def test_non_transactional_statements_need_the_directive(
    migrations_dir: Path, statement: str
) -> None:
    write(migrations_dir, "20250101000000_a.sql", f"select 1;\n{statement};\n")
    with pytest.raises(MigrationFileError, match=r":2: .*supatools:no-transaction"):
        parse(only(migrations_dir))
    write(
        migrations_dir,
        "20250101000000_a.sql",
        f"-- supatools:no-transaction\nselect 1;\n{statement};\n",
    )
    assert len(parse(only(migrations_dir)).statements) == 2


@pytest.mark.parametrize(
    "statement",
    [
        "create index concurrently i on t (a)",
        "drop index concurrently i",
        "reindex index concurrently i",
    ],
)
def test_concurrent_index_builds_run_the_file_outside_a_transaction_with_a_notice(
    migrations_dir: Path, statement: str
) -> None:
    """Issue 8: as the Supabase CLI does, without the directive, and says so."""
    write(migrations_dir, "20250101000000_a.sql", f"select 1;\n{statement};\n")
    parsed = parse(only(migrations_dir))
    assert parsed.migration.no_transaction and len(parsed.statements) == 2
    assert parsed.notice and ":2: " in parsed.notice and "not atomic" in parsed.notice
    # a file that asked for a transaction, or mixes in something else, stays refused
    write(migrations_dir, "20250101000000_a.sql", f"begin;\n{statement};\ncommit;\n")
    with pytest.raises(MigrationFileError, match="cannot run inside a transaction"):
        parse(only(migrations_dir))
    write(migrations_dir, "20250101000000_a.sql", f"{statement};\nvacuum t;\n")
    with pytest.raises(MigrationFileError, match="cannot run inside a transaction"):
        parse(only(migrations_dir))


def test_analyze_and_plain_reindex_may_run_in_a_transaction(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "analyze t;\nreindex index i;\n")
    assert len(parse(only(migrations_dir)).statements) == 2


def test_comparable_ignores_comments_whitespace_and_semicolons() -> None:
    assert comparable("-- c\nselect  1;\n/* x */ select 2;") == comparable("select 1\nselect 2")
    assert comparable("select 1") != comparable("select 2")
    assert comparable("select '-- not a comment'") != comparable("select ''")


def test_the_early_parser_reports_only_pending_files_in_their_order(migrations_dir: Path) -> None:
    """migrate parses on a thread while it connects: an applied file that no longer
    parses is not its business, and a pending one still stops the run before anything."""
    from supatools.migrations.apply import EarlyParser
    from supatools.migrations.files import discover

    write(migrations_dir, "20250101000000_old.sql", "create tabel broken;\n")
    write(migrations_dir, "20250102000000_new.sql", "create table t (a int);\n")
    write(migrations_dir, "20250103000000_bad.sql", "select 1;\ncommit;\nselct 2;\n")
    local = discover(migrations_dir)
    early = EarlyParser(local, strict=False)
    [parsed] = early.take((local[1],))
    assert parsed.migration.version == "20250102000000" and len(parsed.statements) == 1
    again = EarlyParser(local, strict=False)
    with pytest.raises(MigrationFileError, match=r"_bad.sql:3:1: syntax error"):
        again.take((local[1], local[2]))
