"""Settings precedence and secret redaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.errors import ConfigError
from supatools.redact import show_url
from supatools.settings import resolve


def test_precedence_flag_env_dotenv_pyproject_default(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.supatools]\ndb_url = "postgresql://file@h/db"\nlock_timeout = "3s"\n'
        'schemas = ["public", "api"]\n'
    )
    (tmp_path / ".env").write_text(
        "DATABASE_URL=postgresql://dotenv@h/db\nSUPATOOLS_LOCK_TIMEOUT=4s\n"
    )
    env = {"SUPATOOLS_LOCK_TIMEOUT": "5s"}
    settings = resolve(cwd=tmp_path, environ=env)
    assert settings.db_url == "postgresql://dotenv@h/db"
    assert settings.db_url_source == ".env DATABASE_URL"
    assert settings.lock_timeout == "5000ms"
    assert settings.schemas == ("public", "api")
    assert resolve(cwd=tmp_path, environ={}, lock_timeout="6s").lock_timeout == "6000ms"
    env["SUPABASE_DB_URL"] = "postgresql://env@h/db"
    env["DATABASE_URL"] = "postgresql://other@h/db"
    assert resolve(cwd=tmp_path, environ=env).db_url == "postgresql://env@h/db"
    assert resolve(cwd=tmp_path, environ=env, db_url="postgresql://flag@h/db").db_url == (
        "postgresql://flag@h/db"
    )
    (tmp_path / ".env").unlink()
    settings = resolve(cwd=tmp_path, environ={})
    assert settings.db_url == "postgresql://file@h/db" and settings.lock_timeout == "3000ms"
    (tmp_path / "pyproject.toml").unlink()
    settings = resolve(cwd=tmp_path, environ={})
    assert settings.db_url is None and settings.lock_timeout == "10s"
    assert settings.lock_wait_timeout == 60.0 and settings.connect_timeout == 10


def test_migrations_dir_falls_back_to_supabase_migrations(tmp_path: Path) -> None:
    (tmp_path / "supabase" / "migrations").mkdir(parents=True)
    assert resolve(cwd=tmp_path, environ={}).migrations_dir == tmp_path / "supabase/migrations"
    (tmp_path / "migrations").mkdir()
    with pytest.raises(ConfigError, match="both .* exist; say which") as caught:
        resolve(cwd=tmp_path, environ={})
    assert caught.value.exit_code == 2
    chosen = resolve(cwd=tmp_path, environ={}, migrations_dir=Path("migrations"))
    assert chosen.migrations_dir == tmp_path / "migrations"


def test_unknown_key_in_pyproject_is_named(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.supatools]\nmigration_dir = "x"\n')
    with pytest.raises(ConfigError, match="unknown key 'migration_dir'") as caught:
        resolve(cwd=tmp_path, environ={})
    assert caught.value.exit_code == 2


def test_bad_lock_wait_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="lock-wait timeout"):
        resolve(cwd=tmp_path, environ={"SUPATOOLS_LOCK_WAIT_TIMEOUT": "soon"})


def test_secret_key_comes_only_from_the_environment(tmp_path: Path) -> None:
    settings = resolve(cwd=tmp_path, environ={"SUPABASE_SECRET_KEY": "sb_secret_abc123"})
    assert settings.service_role_key == "sb_secret_abc123"
    assert "sb_secret_abc123" not in repr(settings)
    from supatools import redact

    assert "sb_secret_abc123" in redact.secrets()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (
            "postgresql://postgres:s3cr%40t@db.x.supabase.co:5432/postgres",
            "postgresql://postgres:***@db.x.supabase.co:5432/postgres",
        ),
        ("postgresql://postgres@localhost/db", "postgresql://postgres@localhost/db"),
        (
            "postgresql://u@h/db?password=hunter22&sslmode=require",
            "postgresql://u:***@h/db?sslmode=require",
        ),
        ("host=h user=u password='p w' dbname=d", "postgresql://u:***@h/d"),
        # issue 7 item 4: raw characters libpq accepts, an escaped quote
        # libpq reads the password up to the first '@': what follows is host and dbname
        (
            "postgresql://u:Adv-S3cret:pw@x/y%25z@h:5432/d",
            "postgresql://u:***@x/y%25z%40h%3A5432%2Fd",
        ),
        ("postgresql://u:Adv-S3cret:pw@x/y%z#q?w@h/d", "(a database URL that libpq cannot parse)"),
        (r"host=h user=u password='it\'s a secret' dbname=d", "postgresql://u:***@h/d"),
        ("PASSWORD=hunter22 host=h", "(a database URL that libpq cannot parse)"),
        ("postgresql://u:pw@h1:6543,h2:6543/d", "postgresql://u:***@h1:6543,h2:6543/d"),
    ],
)
def test_urls_are_shown_rebuilt_from_libpq_parse(url: str, shown: str) -> None:
    """Issue 7 item 4: the shown URL is built from the parsed parts, never the input."""
    assert show_url(url) == shown


@pytest.mark.parametrize("password", ["p#ss?w/rd@[x]", "it's a secret", "a:b%c d", "pw%2Fx"])
def test_every_form_of_a_password_is_scrubbed(password: str) -> None:
    from urllib.parse import quote

    from supatools import redact

    redact.forget_all()
    redact.learn_url(f"postgresql://u:{quote(password, safe='')}@h/d")
    text = f"raw {password} enc {quote(password, safe='')} repr {password!r}"
    scrubbed = redact.scrub(text)
    assert password not in scrubbed and quote(password, safe="") not in scrubbed
    assert scrubbed.startswith("raw *** enc *** repr ")
    redact.forget_all()


def test_a_key_with_trailing_whitespace_is_trimmed_and_scrubbed_in_every_form(
    tmp_path: Path,
) -> None:
    """Issue 7 item 5: a CI secret with a trailing newline."""
    from supatools import redact

    redact.forget_all()
    settings = resolve(cwd=tmp_path, environ={"SUPABASE_SECRET_KEY": "sb_secret_abc123\n\t"})
    assert settings.service_role_key == "sb_secret_abc123"
    assert settings.service_role_key_trimmed
    shown = redact.scrub("Illegal header value b'sb_secret_abc123\\n\\t' and sb_secret_abc123")
    assert "sb_secret_abc123" not in shown
    redact.forget_all()


@pytest.mark.parametrize(
    ("given", "ms"),
    [
        ("5s", 5000),
        ("500ms", 500),
        ("2min", 120_000),
        ("5", 5000),
        ("0.0001", 1),
        ("1h", 3_600_000),
    ],
)
def test_one_duration_syntax_never_rounded_to_zero(tmp_path: Path, given: str, ms: int) -> None:
    """Issue 7 item 14: --lock-timeout and --lock-wait read the same way; 0.0001 is not 0."""
    settings = resolve(cwd=tmp_path, environ={}, lock_timeout=given, lock_wait_timeout=given)
    assert settings.lock_timeout == f"{ms}ms"
    assert settings.lock_wait_timeout == ms / 1000


@pytest.mark.parametrize("bad", ["nan", "inf", "1e300", "0", "-1", "5 parsecs", "", "30d"])
def test_bad_durations_are_config_errors(tmp_path: Path, bad: str) -> None:
    for option in ("lock_timeout", "lock_wait_timeout", "statement_timeout"):
        with pytest.raises(ConfigError) as caught:
            resolve(cwd=tmp_path, environ={}, **{option: bad})  # type: ignore[arg-type]
        assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "pyproject",
    [
        '[tool.supatools]\nlock_timeout = "7s"\n',
        '[tool . "supatools"]\nlock_timeout = "7s"\n',
        '[project]\nname = "x"\n[tool]\nsupatools.lock_timeout = "7s"\n',
        'tool.supatools.lock_timeout = "7s"\n',
        'tool = { supatools = { lock_timeout = "7s" } }\n',
    ],
)
def test_every_toml_spelling_of_the_tool_table_is_read(tmp_path: Path, pyproject: str) -> None:
    """The start-up shortcut (no TOML parser when no tool table can be there) misses none."""
    (tmp_path / "pyproject.toml").write_text(pyproject)
    assert resolve(cwd=tmp_path, environ={}).lock_timeout == "7000ms"


def test_a_pyproject_without_a_tool_table_is_not_parsed(tmp_path: Path) -> None:
    """A JavaScript project's stray pyproject.toml, even broken, is not supatools' business."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "supatools-app"\nbroken = \n')
    assert resolve(cwd=tmp_path, environ={}).lock_timeout == "10s"
    (tmp_path / "pyproject.toml").write_text("[tool.supatools]\nbroken = \n")
    with pytest.raises(ConfigError, match="cannot read it as TOML"):
        resolve(cwd=tmp_path, environ={})


# --- issue 18 item 15: every settings key has its type; seed paths stay in the project ---

WRONG_TYPES = [
    ("backup_dir = 5", "backup_dir", "an integer 5", "a path as a string"),
    ('migrations_dir = ["a", "b"]', "migrations_dir", "an array ['a', 'b']", "a path"),
    ("policies_dir = true", "policies_dir", "a boolean True", "a path"),
    ('migrations_dir = ""', "migrations_dir", "a string ''", "a path"),
    ("db_url = 5", "db_url", "an integer 5", "a database URL as a string"),
    ("supabase_url = [1]", "supabase_url", "an array [1]", "a URL as a string"),
    ("schemas = 5", "schemas", "an integer 5", "a list of schema names"),
    ('schemas = ["public", 5]', "schemas", "an array", "a list of schema names"),
    ("lock_timeout = true", "lock_timeout", "a boolean True", "a duration"),
    ("statement_timeout = [1]", "statement_timeout", "an array [1]", "a duration"),
    ("lock_wait_timeout = {a = 1}", "lock_wait_timeout", "a table", "a duration"),
    ("connect_timeout = false", "connect_timeout", "a boolean False", "a number of seconds"),
    ("local = {grants = 1}", "[tool.supatools.local] grants", "an integer 1", '"explicit"'),
    ("local = {port = true}", "[tool.supatools.local] port", "a boolean True", "a port"),
]


@pytest.mark.parametrize(("line", "key", "got", "wanted"), WRONG_TYPES)
def test_a_settings_key_of_the_wrong_type_names_file_key_and_type(
    tmp_path: Path, line: str, key: str, got: str, wanted: str
) -> None:
    """Item 15: never stringified into a path or read as a flag: exit 2 naming all three."""
    (tmp_path / "pyproject.toml").write_text(f"[tool.supatools]\n{line}\n")
    with pytest.raises(ConfigError) as caught:
        resolve(cwd=tmp_path, environ={})
    message = caught.value.message
    assert caught.value.exit_code == 2
    assert str(tmp_path / "pyproject.toml") in message and key in message, message
    assert got in message and wanted in message, message


def test_right_types_are_still_accepted(tmp_path: Path) -> None:
    """Item 15: numbers for timeouts, a string or list for schemas, a port number."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.supatools]\nlock_timeout = 5\nconnect_timeout = 3\nschemas = "public, api"\n'
        'backup_dir = "dumps"\n[tool.supatools.local]\nport = 54329\n'
    )
    settings = resolve(cwd=tmp_path, environ={})
    assert settings.lock_timeout == "5000ms" and settings.connect_timeout == 3
    assert settings.schemas == ("public", "api") and settings.local_port == 54329
    assert settings.backup_dir == tmp_path / "dumps"


def _config_toml(tmp_path: Path, seed_table: str) -> None:
    (tmp_path / "supabase").mkdir(parents=True, exist_ok=True)
    (tmp_path / "supabase" / "config.toml").write_text(f"[db.seed]\n{seed_table}\n")


@pytest.mark.parametrize(
    ("seed_table", "words"),
    [
        ('enabled = "yes"', "[db.seed] enabled is a string 'yes'; write true or false"),
        ("enabled = 1", "[db.seed] enabled is an integer 1"),
        ('sql_paths = "seed.sql"', "[db.seed] sql_paths is a string 'seed.sql'; write an array"),
        ("sql_paths = [1]", "[db.seed] sql_paths is an array [1]"),
    ],
)
def test_seed_settings_of_the_wrong_type_are_exit_2(
    tmp_path: Path, seed_table: str, words: str
) -> None:
    """Item 15: `enabled = "yes"` was read as not-false (seeding on), silently."""
    _config_toml(tmp_path, seed_table)
    with pytest.raises(ConfigError) as caught:
        resolve(cwd=tmp_path, environ={})
    assert words in caught.value.message and "config.toml" in caught.value.message


@pytest.mark.parametrize("pattern", ["/etc/passwd", "../../outside.sql", "../../*.sql"])
def test_seed_paths_outside_the_project_are_refused(tmp_path: Path, pattern: str) -> None:
    """Item 15: a seed runs with the owner's rights; it must be a file of the project."""
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "outside.sql").write_text("select 1;\n")
    _config_toml(project, f"sql_paths = [{pattern!r}]".replace("'", '"'))
    with pytest.raises(ConfigError, match="points outside the project") as caught:
        resolve(cwd=project, environ={})
    assert pattern in caught.value.message


def test_a_seed_link_out_of_the_project_is_refused(tmp_path: Path) -> None:
    """Item 15: a symlink inside supabase/ that leads out of the project."""
    project = tmp_path / "project"
    (tmp_path / "outside.sql").write_text("select 1;\n")
    _config_toml(project, 'sql_paths = ["./seed.sql"]')
    (project / "supabase" / "seed.sql").symlink_to(tmp_path / "outside.sql")
    with pytest.raises(ConfigError, match="points outside the project"):
        resolve(cwd=project, environ={})


def test_seed_patterns_inside_the_project_are_read_and_misses_noted(tmp_path: Path) -> None:
    """Item 15: ../seed.sql (the project root) is inside; a pattern matching nothing is a
    warning line, as the Supabase CLI gives."""
    _config_toml(tmp_path, 'sql_paths = ["../root_seed.sql", "./seeds/*.sql", "./none/*.sql"]')
    (tmp_path / "root_seed.sql").write_text("select 1;\n")
    (tmp_path / "supabase" / "seeds").mkdir()
    (tmp_path / "supabase" / "seeds" / "a.sql").write_text("select 2;\n")
    settings = resolve(cwd=tmp_path, environ={})
    assert [p.name for p in settings.seed_files] == ["root_seed.sql", "a.sql"]
    assert settings.seed_warnings == (
        f"{tmp_path / 'supabase' / 'config.toml'}: [db.seed] sql_paths: no files matched "
        "pattern './none/*.sql'",
    )


def test_a_seed_pattern_that_matches_nothing_warns_once_on_stderr(tmp_path: Path) -> None:
    """Item 15: `migrate --seed` says which pattern matched nothing (one stderr line)."""
    from tests.conftest import run_cli

    _config_toml(tmp_path, 'sql_paths = ["./missing.sql"]')
    (tmp_path / "migrations").mkdir()
    run = run_cli("migrate", "--seed", "--db-url", "postgresql://u@127.0.0.1:1/db", cwd=tmp_path)
    lines = [line for line in run.stderr.splitlines() if "no files matched" in line]
    assert len(lines) == 1 and "'./missing.sql'" in lines[0], run.stderr
