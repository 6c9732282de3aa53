"""Issue 21 item 1: a file lint cannot parse is a syntax_error finding, never a pass.

Before, ``lint --fail-on info`` on a file with a syntax error (or 10,000 nested
parentheses) printed "lint passed ... no finding" and exited 0, and every other finding
of that file disappeared with it."""

from __future__ import annotations

import json
from pathlib import Path

from supatools.lint import lint
from supatools.migrations.files import discover
from tests.conftest import run_cli, write

HEADER = "-- A migration with a description.\n\n"
BROKEN = (
    HEADER + "create table if not exists public.notes (id uuid primary key);\n"
    "select 'sk_live_" + "a1B2c3D4e5F6g7H8i9J0k1';\n"
    "create tabel public.x (a int);\n"
    "create table if not exists public.y (a int);\n"
)
#: 'create tabel' is on line 5, "tabel" at column 8
WHERE = ("20250101000000_broken.sql", 5, 'column 8: syntax error at or near "tabel"')


def project(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_broken.sql", BROKEN)
    write(migrations, "20250101000000_broken.down.sql", "select 1;\n")
    write(migrations, "20250102000000_other.sql", HEADER + "update public.notes set id = id;\n")
    write(migrations, "20250102000000_other.down.sql", "select 1;\n")
    return tmp_path


def test_an_unparsable_file_is_an_error_in_text_json_and_sarif(tmp_path: Path) -> None:
    root = project(tmp_path)
    text = run_cli("lint", "--fail-on", "error", cwd=root)
    assert text.returncode == 1, text.stdout + text.stderr
    assert (
        "migrations/20250101000000_broken.sql:5:8: error: syntax_error: "
        'column 8: syntax error at or near "tabel"\n'
    ) in text.stdout
    assert "lint FAILED" in text.stdout and "Traceback" not in text.stderr

    document = json.loads(run_cli("lint", "--json", "--fail-on", "error", cwd=root).stdout)
    assert document["ok"] is False
    rows = {(Path(f["file"]).name, f["rule"], f["line"]): f for f in document["findings"]}
    found = rows[(WHERE[0], "syntax_error", WHERE[1])]
    assert found["level"] == "error" and found["message"] == WHERE[2]
    assert found["column"] == 8
    # the rest of the broken file is still read: its text and the statements that parse
    assert (WHERE[0], "hardcoded_secret", 4) in rows
    assert (WHERE[0], "table_without_rls", 3) in rows
    assert (WHERE[0], "table_without_rls", 6) in rows
    # and the other files' findings still come
    assert ("20250102000000_other.sql", "unbatched_data_change", 3) in rows

    run = run_cli("lint", "--format", "sarif", "--fail-on", "error", cwd=root)
    assert run.returncode == 1
    sarif = json.loads(run.stdout)["runs"][0]
    assert "syntax_error" in {r["id"] for r in sarif["tool"]["driver"]["rules"]}
    [result] = [r for r in sarif["results"] if r["ruleId"] == "syntax_error"]
    assert result["level"] == "error" and result["message"]["text"].startswith(WHERE[2])
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "migrations/" + WHERE[0]
    assert location["region"] == {"startLine": WHERE[1], "startColumn": 8}


def test_deep_nesting_is_a_syntax_error_not_a_traceback_nor_a_pass(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    parens = "(" * 10_000 + "1" + ")" * 10_000
    write(migrations, "20250101000000_parens.sql", HEADER + f"select {parens};\n")
    calls = "f(" * 600 + "1" + ")" * 600  # parses, but its tree is too deep to read
    write(
        migrations,
        "20250102000000_calls.sql",
        HEADER + f"select 1;\nselect {calls};\ncreate table if not exists public.z (a int);\n",
    )
    run = run_cli("lint", "--json", "--fail-on", "info", cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    found = {
        (Path(f["file"]).name, f["rule"], f["line"]): f for f in json.loads(run.stdout)["findings"]
    }
    parens_error = found[("20250101000000_parens.sql", "syntax_error", 3)]
    assert "nesting too deep" in parens_error["message"]
    calls_error = found[("20250102000000_calls.sql", "syntax_error", 4)]
    assert calls_error["message"] == "column 1: nesting too deep to read"
    assert ("20250102000000_calls.sql", "table_without_rls", 5) in found


def test_a_syntax_error_cannot_be_ignored_or_turned_off(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(
        migrations,
        "20250101000000_broken.sql",
        HEADER + "-- supatools:ignore syntax_error it is fine\nselect 'unterminated;\n",
    )
    [found] = [f for f in lint(discover(migrations)) if f.rule == "syntax_error"]
    assert (found.line, found.level) == (4, "error")
    assert "unterminated quoted string" in found.message
    write(tmp_path, "pyproject.toml", '[tool.supatools.lint]\nsyntax_error = "off"\n')
    bad = run_cli("lint", cwd=tmp_path)
    assert bad.returncode == 2 and "syntax_error cannot be set" in bad.stderr


def test_a_secret_in_an_unterminated_string_is_named_never_printed(tmp_path: Path) -> None:
    secret = "sk_live_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3"
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_leak.sql", HEADER + f"select '{secret};\nselect 2;\n")
    run = run_cli("lint", "--json", cwd=tmp_path)
    assert run.returncode == 1 and "syntax_error" in run.stdout
    assert "Stripe secret key" in run.stdout and secret not in run.stdout + run.stderr
