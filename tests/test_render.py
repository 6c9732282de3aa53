"""Human-readable output is safe to show (issue 18, items 11 and 13).

Names from the database or from files are printed with control characters escaped
(``render.output.printable``) and never read as Rich markup; JSON and SARIF keep them
exact. Every output survives a terminal whose encoding is not UTF-8.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supatools.render.output import Output, ScrubbingStream, printable
from tests.conftest import REPO, Database, run_cli, write

#: a table name that forges a finding line, one that clears the screen and rings the bell,
#: one that reads as Rich markup, and a policy name with a carriage return and C1/DEL
FORGED = "a\nb: error: forged finding"
CLEAR = "x\x1b[2J\x07y"
MARKUP = "[bold]m[/] [link=https://evil.example]z[/link]"
POLICY = "p\rq\x9b\x7f"

#: every character that must never reach a terminal raw: C0 but the line break the
#: output itself writes (and the tab, escaped too but harmless here), DEL, C1
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def no_raw_control(text: str) -> bool:
    return RAW_CONTROL.search(text) is None


# --- the escape function --------------------------------------------------------------


def test_printable_escapes_control_characters_and_backslash_and_leaves_names_alone() -> None:
    assert printable("public.user_profiles") == "public.user_profiles"
    assert printable("café → ünïcode") == "café → ünïcode"
    assert printable(FORGED) == "a\\nb: error: forged finding"
    assert printable(CLEAR) == "x\\x1b[2J\\x07y"
    assert printable(POLICY) == "p\\rq\\x9b\\x7f"
    assert printable("tab\there\\n") == "tab\\there\\\\n"
    assert printable("rtl\u202egnp.exe\u2028") == "rtl\\u202egnp.exe\\u2028"


def _decoded(shown: str) -> str:
    """The inverse of ``printable``: its output is Python's escape syntax."""
    return shown.encode("latin-1", "backslashreplace").decode("unicode_escape")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_printable_output_has_no_control_character_and_decodes_back(name: str) -> None:
    shown = printable(name)
    assert not any(unicodedata.category(c) == "Cc" for c in shown)
    assert "\u2028" not in shown and "\u202e" not in shown
    assert _decoded(shown) == name  # so two different names never print alike


# --- verify-rls on real PostgreSQL ------------------------------------------------------

SETUP = """
create table public.{forged} (id int);
create table public.{clear} (id int);
create table public.{markup} (id int);
alter table public.{markup} enable row level security;
create policy {policy} on public.{forged} for select to anon using (true);
grant select on public.{forged}, public.{clear}, public.{markup} to anon;
"""


def hostile_tables(database: Database) -> None:
    from psycopg import sql

    names = {"forged": FORGED, "clear": CLEAR, "markup": MARKUP, "policy": POLICY}
    query = sql.SQL(SETUP).format(**{k: sql.Identifier(v) for k, v in names.items()})
    with database.connect() as conn:
        conn.execute(query)


def test_verify_rls_text_escapes_hostile_names_and_json_keeps_them(
    database: Database, tmp_path: Path
) -> None:
    hostile_tables(database)
    text = run_cli("verify-rls", "--db-url", database.url, cwd=tmp_path)
    assert text.returncode == 1, text.stderr
    assert no_raw_control(text.stdout + text.stderr)
    assert "public.a\\nb: error: forged finding" in text.stdout
    assert "public.x\\x1b[2J\\x07y" in text.stdout
    assert f"public.{MARKUP}" in text.stdout  # printed literally, never read as markup
    assert "p\\rq\\x9b\\x7f" in text.stdout
    assert not any(line.startswith("b: error") for line in text.stdout.splitlines())
    document = json.loads(
        run_cli("verify-rls", "--json", "--db-url", database.url, cwd=tmp_path).stdout
    )
    objects = {f["object"] for f in document["findings"]}
    assert {FORGED, CLEAR, MARKUP} <= objects
    assert any(POLICY in f["detail"] for f in document["findings"])
    sarif = run_cli("verify-rls", "--format", "sarif", "--db-url", database.url, cwd=tmp_path)
    names = {
        loc["logicalLocations"][0]["fullyQualifiedName"]
        for r in json.loads(sarif.stdout)["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert f"public.{FORGED}" in names and f"public.{CLEAR}" in names


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_rich_table_on_a_terminal_escapes_names_and_reads_no_markup(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal verify-rls draws a Rich table: the names are Text, never markup."""
    from supatools.render.audit import write_audit
    from supatools.rls.audit import audit
    from supatools.settings import Settings

    monkeypatch.setenv("COLUMNS", "400")  # wide enough that Rich folds no cell
    hostile_tables(database)
    with database.connect() as conn:
        result = audit(conn, Settings(policies_dir=tmp_path / "policies"), "error")
    terminal = _Terminal()
    out = Output()
    out.stdout = ScrubbingStream(terminal)
    write_audit(out, result)
    shown = terminal.getvalue()
    assert "\x1b[2J" not in shown and "\x07" not in shown and "\r" not in shown
    assert "]8;" not in shown  # no hyperlink escape
    assert "│ public.x\\x1b[2J\\x07y " in shown
    assert "│ public.a\\nb: error: forged finding " in shown
    assert f"│ public.{MARKUP} " in shown


# --- lint: hostile file names and contents ---------------------------------------------


def test_lint_text_escapes_hostile_file_and_table_names_and_json_keeps_them(
    tmp_path: Path,
) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    filename = "20250101000000_x\x1b[2J\x07.sql"
    body = (
        "-- a table with a hostile name\n"
        f'create table public."{FORGED}" (id int);\n'
        f'update public."{CLEAR}" set id = 1;\n'
    )
    write(migrations, filename, body)
    write(migrations, "20250102000000_y\nerror: forged.sql", "-- skipped\nselect 1;\n")
    text = run_cli("lint", cwd=tmp_path)
    assert text.returncode == 1, text.stdout + text.stderr
    assert no_raw_control(text.stdout + text.stderr)
    assert "migrations/20250101000000_x\\x1b[2J\\x07.sql:" in text.stdout
    assert "a\\nb: error: forged finding" in text.stdout
    assert not any(line.startswith("b: error") for line in text.stdout.splitlines())
    assert not any(line.startswith("error: forged") for line in text.stderr.splitlines())
    document = json.loads(run_cli("lint", "--json", cwd=tmp_path).stdout)
    files = {f["file"] for f in document["findings"]}
    assert f"migrations/{filename}" in files
    assert any(FORGED in f["message"] for f in document["findings"])
    listed = run_cli("migrate", "--list", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert no_raw_control(listed.stdout + listed.stderr)
    assert "x\\x1b[2J\\x07" in listed.stdout
    listed_json = json.loads(run_cli("migrate", "--list", "--json", cwd=tmp_path).stdout)
    assert filename in {m["file"] for m in listed_json["migrations"]}


# --- migrate --dry-run: the SQL verbatim in a pipe, escaped on a terminal --------------


def test_dry_run_sql_is_verbatim_in_a_pipe_and_escaped_on_a_terminal(
    database: Database, tmp_path: Path
) -> None:
    from supatools.render.output import write_sql

    migrations = tmp_path / "migrations"
    migrations.mkdir()
    sql_text = "-- hidden\nselect 'a\x1b[8mconcealed\x1b[0m';\r\nselect '\\d';\n"
    (migrations / "20250101000000_a.sql").write_bytes(sql_text.encode())
    piped = run_cli("migrate", "--dry-run", "--db-url", database.url, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert sql_text.rstrip("\n") + "\n" in piped.stdout  # psql gets what the file says
    terminal = _Terminal()
    out = Output()
    notes = io.StringIO()
    out.stdout, out.stderr = ScrubbingStream(terminal), ScrubbingStream(notes)
    write_sql(out, sql_text)
    assert "shown escaped here, verbatim when the output goes to a file" in notes.getvalue()
    assert terminal.getvalue() == (
        "-- hidden\nselect 'a\\x1b[8mconcealed\\x1b[0m';\\r\nselect '\\\\d';\n"
    )
    ordinary = _Terminal()
    out.stdout = ScrubbingStream(ordinary)
    write_sql(out, "select '\\d';\r\n\tselect 1;\n")
    assert ordinary.getvalue() == "select '\\d';\r\n\tselect 1;\n"  # nothing to hide


# --- baseline: names from a home-made tracking table -----------------------------------


def test_baseline_escapes_names_from_a_tracking_table(database: Database, tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_a.sql", "create table public.t0 (id int);\n")
    hostile = "2019_gone\x1b[2J\nerror: forged.sql"
    with database.connect() as conn:
        conn.execute("create table public.migrations (id serial, filename text)")
        conn.execute("insert into public.migrations (filename) values (%s)", (hostile,))
    args = ("baseline", "--from-table", "public.migrations", "--db-url", database.url)
    text = run_cli(*args, cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert no_raw_control(text.stdout + text.stderr)
    assert "2019_gone\\x1b[2J\\nerror: forged.sql" in text.stdout
    assert not any(line.startswith("error: forged") for line in text.stdout.splitlines())
    document = json.loads(run_cli(*args, "--dry-run", "--json", cwd=tmp_path).stdout)
    assert hostile in {c["version"] for c in document["changes"]}


# --- a terminal that is not UTF-8 --------------------------------------------------------


def ascii_environment(variant: str) -> dict[str, str]:
    """The environment of a CI container with no locale: LC_ALL=POSIX and Python's UTF-8
    mode off (PEP 538 coerces only when LC_ALL is unset; PEP 540's mode is what
    PYTHONUTF8=0 turns off), or an explicit ASCII PYTHONIOENCODING."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPABASE_", "DATABASE_URL", "SUPATOOLS_", "PG", "LC_", "LANG"))
        and k not in ("PYTHONIOENCODING", "PYTHONUTF8")
    }
    env.update({"LC_ALL": "POSIX", "PYTHONUTF8": "0"})
    if variant == "ascii":
        env["PYTHONIOENCODING"] = "ascii"
    return env


def run_ascii(variant: str, *args: str, cwd: Path) -> tuple[int, str, str]:
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-m", "supatools", *args],
        cwd=cwd,
        env=ascii_environment(variant),
        capture_output=True,
        timeout=120,
    )
    stdout, stderr = proc.stdout.decode("ascii"), proc.stderr.decode("ascii")  # ASCII only
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr, stderr
    return proc.returncode, stdout, stderr


def test_the_subprocess_really_writes_to_an_ascii_stdout() -> None:
    import subprocess

    for variant in ("posix", "ascii"):
        proc = subprocess.run(
            [sys.executable, "-c", "import sys; print(sys.stdout.encoding, sys.stderr.encoding)"],
            env=ascii_environment(variant),
            capture_output=True,
            text=True,
            check=True,
        )
        assert proc.stdout.split() == ["ascii", "ascii"], (variant, proc.stdout)


def test_every_command_survives_an_ascii_terminal(database: Database, tmp_path: Path) -> None:
    project = tmp_path / "project"
    migrations = project / "migrations"
    migrations.mkdir(parents=True)
    write(migrations, "20250101000000_caf\u00e9.sql", "-- caf\u00e9 \u2192 na\u00efve\nselect 1;\n")
    with database.connect() as conn:
        conn.execute('create table public."caf\u00e9 \u2192" (id int)')
        conn.execute('grant select on public."caf\u00e9 \u2192" to anon')
    for variant in ("posix", "ascii"):
        code, out, err = run_ascii(
            variant, "preflight", "--db-url", "postgresql://postgres@127.0.0.1:1/x", cwd=project
        )
        assert code == 1 and "-> " in out and "error: preflight" in err
        code, out, _ = run_ascii(variant, "migrate", "--list", cwd=project)
        assert code == 0 and "caf\\xe9" in out
        code, out, _ = run_ascii(variant, "verify-rls", "--db-url", database.url, cwd=project)
        assert code == 1 and "public.caf\\xe9 ->" in out
        code, out, _ = run_ascii(variant, "lint", cwd=project)
        assert code in (0, 1) and "lint " in out


def test_a_utf8_terminal_keeps_its_characters_and_latin1_gets_fallbacks() -> None:
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    ScrubbingStream(stream).write("caf\u00e9 \u2192 ok\n")
    stream.flush()
    assert stream.buffer.getvalue().decode() == "caf\u00e9 \u2192 ok\n"
    latin = io.TextIOWrapper(io.BytesIO(), encoding="latin-1")
    ScrubbingStream(latin).write("caf\u00e9 \u2192 \u2605\n")
    latin.flush()
    assert latin.buffer.getvalue().decode("latin-1") == "caf\u00e9 -> \\u2605\n"


def test_the_readme_documents_the_escapes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "control characters" in readme and "\\x1b" in readme
