"""Issue 21: lint's column and ``--format github`` (workflow annotations for CI without a
SARIF upload). A finding with a column (``syntax_error``) carries it into the text prefix
(``file:line:column``), JSON and SARIF's ``startColumn``; the others keep their bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supatools.lint import LintFinding
from supatools.render.lint import annotation
from tests.conftest import run_cli, write

HEADER = "-- d\n\n"


def project(tmp_path: Path) -> Path:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    # a name holding ',' and ':' (property separators) and a table name holding '%' and
    # a newline (the message's escapes)
    write(migrations, "20250101000000_x,y:z.sql", HEADER + "update t set a = 1;\ncreate tabel x;\n")
    write(migrations, "20250102000000_t.sql", HEADER + 'create table public."a%,b\nc" (id int);\n')
    return tmp_path


GITHUB = (
    "::notice file=migrations/20250101000000_x%2Cy%3Az.sql,line=1,title=missing_rollback::"
    "no 20250101000000_x,y:z.down.sql. Fix: write <version>_<name>.down.sql beside it\n"
    "::warning file=migrations/20250101000000_x%2Cy%3Az.sql,line=3,title=unbatched_data_change::"
    "UPDATE of public.t without WHERE. Fix: change rows in small batches, off-peak\n"
    "::error file=migrations/20250101000000_x%2Cy%3Az.sql,line=4,col=8,title=syntax_error::"
    'column 8: syntax error at or near "tabel". Fix: correct the SQL at that line and column'
    " (supatools migrate refuses the file until then)\n"
    "::notice file=migrations/20250102000000_t.sql,line=1,title=missing_rollback::"
    "no 20250102000000_t.down.sql. Fix: write <version>_<name>.down.sql beside it\n"
    "::notice file=migrations/20250102000000_t.sql,line=3,title=not_idempotent::"
    "CREATE TABLE public.a%25,b%0Ac without IF NOT EXISTS. Fix: IF NOT EXISTS / IF EXISTS"
    " / OR REPLACE, and DROP POLICY IF EXISTS before CREATE\n"
    "::error file=migrations/20250102000000_t.sql,line=3,title=table_without_rls::"
    "public.a%25,b%0Ac is created in public and RLS is never enabled on it. Fix: ALTER TABLE"
    " ... ENABLE ROW LEVEL SECURITY in this file, with its policies\n"
)


def test_format_github_prints_one_escaped_annotation_per_finding(tmp_path: Path) -> None:
    run = run_cli("lint", "--format", "github", "--fail-on", "info", cwd=project(tmp_path))
    assert run.stdout == GITHUB
    assert run.returncode == 1
    assert run.stderr.startswith("error: lint found 6 finding(s) at or above info")
    passing = run_cli("lint", "--format", "github", "--fail-on", "error", cwd=tmp_path)
    assert passing.returncode == 1 and passing.stdout.count("::error ") == 2


def test_annotation_escapes_cr_percent_and_property_separators() -> None:
    finding = LintFinding("not_idempotent", "warn", Path("a:b,c%d\r.sql"), 7, "x%\r\ny")
    assert annotation(finding, "a:b,c%d\r.sql") == (
        "::warning file=a%3Ab%2Cc%25d%0D.sql,line=7,title=not_idempotent::x%25%0D%0Ay. Fix: "
        "IF NOT EXISTS / IF EXISTS / OR REPLACE, and DROP POLICY IF EXISTS before CREATE\n"
    )


def test_an_unknown_format_is_bad_usage(tmp_path: Path) -> None:
    run = run_cli("lint", "--format", "xml", cwd=project(tmp_path))
    assert run.returncode == 2
    assert run.stderr == "error: --format 'xml': use text, json, sarif or github\n"


def test_the_column_is_in_text_json_and_sarif_only_where_a_finding_has_one(
    tmp_path: Path,
) -> None:
    root = project(tmp_path)
    text = run_cli("lint", "--fail-on", "info", cwd=root).stdout
    assert "migrations/20250101000000_x,y:z.sql:4:8: error: syntax_error: column 8: " in text
    assert "migrations/20250102000000_t.sql:3: error: table_without_rls: " in text
    document = json.loads(run_cli("lint", "--json", "--fail-on", "info", cwd=root).stdout)
    columns = {(f["rule"], f.get("column")) for f in document["findings"]}
    assert ("syntax_error", 8) in columns and ("table_without_rls", None) in columns
    sarif = json.loads(run_cli("lint", "--format", "sarif", cwd=root).stdout)["runs"][0]
    regions = {
        r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in sarif["results"]
    }
    assert regions["syntax_error"] == {"startLine": 4, "startColumn": 8}
    assert regions["table_without_rls"] == {"startLine": 3}


def test_each_file_is_resolved_once_not_once_per_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21 item 4: resolving the path of every finding was 30% of lint's time."""
    from supatools.render.lint import lint_result
    from supatools.render.output import Output

    findings = [
        LintFinding("not_idempotent", "info", tmp_path / "migrations" / f"{n % 3}.sql", n, "m")
        for n in range(300)
    ]
    calls: list[Path] = []
    resolve = Path.resolve

    def counted(self: Path, strict: bool = False) -> Path:
        calls.append(self)
        return resolve(self, strict)

    monkeypatch.setattr(Path, "resolve", counted)
    for fmt in ("text", "json", "sarif", "github"):
        calls.clear()
        lint_result(Output(json_mode=fmt in ("json", "sarif")), findings, fmt, "error", tmp_path)
        assert len(calls) <= 6, (fmt, len(calls))  # each of 3 files and the root, once


def _unescape(text: str, *, property_value: bool = False) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")]
    if property_value:
        pairs += [("%3A", ":"), ("%2C", ",")]
    for code, char in pairs:
        text = text.replace(code, char)
    return text.replace("%25", "%")


def test_annotations_are_one_line_that_github_decodes_back() -> None:
    """For any file name and message: one line, and undoing GitHub's escapes gives back
    exactly the name and the message (no finding can start a workflow command of its own
    nor cut another's properties)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text(min_size=1), st.text())
    def check(name: str, message: str) -> None:
        finding = LintFinding("syntax_error", "error", Path("x.sql"), 3, message, column=2)
        line = annotation(finding, name)
        assert line.endswith("\n") and "\n" not in line[:-1] and "\r" not in line
        head, _, body = line[:-1].partition("::")[2].partition("::")
        properties = dict(p.split("=", 1) for p in head.removeprefix("error ").split(","))
        assert _unescape(properties["file"], property_value=True) == name
        assert (properties["line"], properties["col"], properties["title"]) == (
            "3",
            "2",
            "syntax_error",
        )
        assert _unescape(body) == f"{message}. Fix: {finding.fix}"

    check()
