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


def test_name_rule_breaker_is_an_error_naming_the_file(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_ok.sql", "select 1;")
    write(migrations_dir, "2025_bad-name.sql", "select 1;")
    write(migrations_dir, "README.md", "ignored")
    write(migrations_dir, ".DS_Store", "ignored")
    with pytest.raises(MigrationFileError, match="2025_bad-name.sql") as caught:
        discover(migrations_dir)
    assert caught.value.exit_code == 2


def test_upper_case_name_breaks_the_rule(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_Users.sql", "select 1;")
    with pytest.raises(MigrationFileError, match="breaks the rule"):
        discover(migrations_dir)


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


def test_unknown_directive_and_forward_requirement_are_refused(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "-- supatools:no-transation\nselect 1;")
    with pytest.raises(MigrationFileError, match="unknown directive"):
        discover(migrations_dir)
    (migrations_dir / "20250101000000_a.sql").write_text("-- requires: 20250201000000\nselect 1;")
    with pytest.raises(MigrationFileError, match="not older than this migration"):
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
def test_transaction_control_inside_is_refused_with_its_line(
    migrations_dir: Path, body: str, line: int, word: str
) -> None:
    write(migrations_dir, "20250101000000_a.sql", body)
    with pytest.raises(MigrationFileError) as caught:
        parse(only(migrations_dir))
    assert f"20250101000000_a.sql:{line}: {word}" in caught.value.message


def test_syntax_error_names_line_and_column(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "select 1;\n  create tabel t (a int);\n")
    with pytest.raises(MigrationFileError, match=r"_a.sql:2:10: syntax error"):
        parse(only(migrations_dir))


@pytest.mark.parametrize(
    "statement",
    [
        "create index concurrently i on t (a)",
        "drop index concurrently i",
        "reindex index concurrently i",
        "vacuum t",
        "alter system set work_mem = '8MB'",
        "create database d",
    ],
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


def test_analyze_and_plain_reindex_may_run_in_a_transaction(migrations_dir: Path) -> None:
    write(migrations_dir, "20250101000000_a.sql", "analyze t;\nreindex index i;\n")
    assert len(parse(only(migrations_dir)).statements) == 2


def test_comparable_ignores_comments_whitespace_and_semicolons() -> None:
    assert comparable("-- c\nselect  1;\n/* x */ select 2;") == comparable("select 1\nselect 2")
    assert comparable("select 1") != comparable("select 2")
    assert comparable("select '-- not a comment'") != comparable("select ''")
