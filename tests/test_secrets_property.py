"""Issue 18, items 9 and 12: no fragment of a password is ever shown, whatever it holds,
and a database URL that cannot mean what it says is bad input (exit 2).

The property test draws passwords (printable ASCII, spaces, non-ASCII), builds a raw URL,
a percent-encoded URL and a keyword string from each, points them at a closed port on
127.0.0.1 and at the real test server (as a role that exists, and as one that does not,
so the server answers with its own FATAL message), runs every command mode that shows a
URL or an error, in-process, and asserts that no 4-character fragment of the password is
in stdout, stderr, the JSON or SARIF document.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql

from supatools import redact
from tests.conftest import Database, run_cli, write
from tests.test_rls import GOOD

#: every command mode that reports a database URL or an error about one
MODES: list[tuple[str, ...]] = [
    ("preflight",),
    ("preflight", "--json"),
    ("migrate",),
    ("migrate", "--json"),
    ("migrate", "--dry-run"),
    ("migrate", "--status"),
    ("verify-rls", "--json"),
    ("verify-rls", "--format", "sarif"),
    ("backup",),
]

#: printable ASCII with the space, and non-ASCII letters, symbols and spaces (no NUL:
#: libpq cannot carry one in any form)
PASSWORD_CHARS = st.one_of(
    st.characters(min_codepoint=32, max_codepoint=126),
    st.characters(
        min_codepoint=0xA0, max_codepoint=0x2FFF, blacklist_categories=("Cs", "Cc", "Co")
    ),
)
PASSWORDS = st.text(PASSWORD_CHARS, min_size=4, max_size=24)


def fragments(password: str) -> set[str]:
    """Every 4-character fragment of ``password`` that says something (not only spaces)."""
    return {
        password[i : i + 4] for i in range(len(password) - 3) if not password[i : i + 4].isspace()
    }


def keyword_dsn(user: str, password: str, host: str, port: int, dbname: str) -> str:
    """A libpq keyword string, the password quoted as libpq reads it."""
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"host={host} port={port} user={user} dbname={dbname} password='{quoted}'"


def url_forms(user: str, password: str, host: str, port: int, dbname: str) -> list[str]:
    """The raw URL, the percent-encoded URL and the keyword string for one password."""
    return [
        f"postgresql://{user}:{password}@{host}:{port}/{dbname}",
        f"postgresql://{user}:{quote(password, safe='')}@{host}:{port}/{dbname}",
        keyword_dsn(user, password, host, port, dbname),
    ]


def shown_text(args: tuple[str, ...], stdout: str, stderr: str) -> str:
    """Everything a person or a program reads: both streams, and the JSON or SARIF
    document decoded (a non-ASCII fragment would be escaped as \\uXXXX in it)."""
    text = stdout + stderr
    # --json prints one document also on failure; SARIF only when the audit ran
    if "--json" in args or ("sarif" in args and stdout.strip()):
        text += json.dumps(json.loads(stdout), ensure_ascii=False)
    return text


@pytest.fixture
def login_role(database: Database) -> str:
    """A login role on the test server (its password is not the one the test draws)."""
    role = "pw_" + os.urandom(4).hex()
    with database.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD 'not-the-drawn-one'").format(
                sql.Identifier(role)
            )
        )
    return role


def test_no_fragment_of_any_password_in_any_output(
    database: Database, login_role: str, tmp_path: Path
) -> None:
    """Item 9, by property: 40 drawn passwords, each in one URL form against one target,
    through 3 of the command modes; every form, target and mode is drawn at least once."""
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    write(migrations, "20250101000000_good.sql", GOOD)
    server = urlsplit(database.url)
    server_host, server_port = server.hostname or "127.0.0.1", server.port or 5432
    targets = [
        (login_role, "127.0.0.1", 1, "postgres"),  # a closed port: the driver's message
        (login_role, server_host, server_port, database.name),  # the real server
        ("no_such_" + login_role, server_host, server_port, database.name),  # its FATAL
    ]
    seen: dict[str, set[object]] = {"forms": set(), "targets": set(), "modes": set()}
    runs: list[int] = []

    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,  # the same draws on every run: CI never flakes on a draw
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        password=PASSWORDS,
        form=st.integers(0, 2),
        target=st.sampled_from(targets),
        modes=st.lists(st.sampled_from(MODES), min_size=3, max_size=3, unique=True),
    )
    def property_holds(
        password: str, form: int, target: tuple[str, str, int, str], modes: list[tuple[str, ...]]
    ) -> None:
        url = url_forms(*target[:1], password, *target[1:])[form]
        seen["forms"].add(form)
        seen["targets"].add(target)
        for mode in modes:
            seen["modes"].add(mode)
            args = (*mode, "--db-url", url)
            run = run_cli(*args, cwd=tmp_path)
            runs.append(run.returncode)
            assert run.returncode in (0, 1, 2, 3), (args, run.stderr)
            assert "Traceback" not in run.stderr, (args, run.stderr)
            text = shown_text(args, run.stdout, run.stderr)
            leaked = [f for f in fragments(password) if f in text]
            assert not leaked, (password, url, args, leaked, text)

    started = time.perf_counter()
    property_holds()
    elapsed = time.perf_counter() - started
    codes = {code: runs.count(code) for code in sorted(set(runs))}
    print(f"\n{len(runs) // 3} examples, {len(runs)} runs (exit codes {codes}), {elapsed:.1f} s")
    assert len(runs) == 40 * 3
    assert seen["forms"] == {0, 1, 2} and len(seen["targets"]) == 3
    assert seen["modes"] == set(MODES)


# --- item 9: a URL that cannot mean what it says ------------------------------------------

MISENCODED = [
    "postgresql://u:pa/ss1234@127.0.0.1:1/db",  # libpq: host u, port pa, dbname ss1234@…
    "postgresql://u:pa@ss1234@127.0.0.1:1/db",  # libpq: password pa, host ss1234@127.0.0.1
    "postgresql://u:pass 1234@127.0.0.1:1/db",  # libpq: quotes "pass 1234" in its error
    "postgresql://u:pa#ss1234@127.0.0.1:1/db",
    "postgresql://u:pa?ss1234@127.0.0.1:1/db",
    "postgresql://u:pa/ss1234@127.0.0.1",  # no path: the tail is the host
]


@pytest.mark.parametrize("url", MISENCODED)
@pytest.mark.parametrize("mode", MODES, ids=" ".join)
def test_misencoded_password_is_exit_2_and_shows_nothing_after_user(
    tmp_path: Path, url: str, mode: tuple[str, ...]
) -> None:
    """Item 9: exit 2 saying to percent-encode, nothing of the password shown."""
    (tmp_path / "migrations").mkdir()
    run = run_cli(*mode, "--db-url", url, cwd=tmp_path)
    assert run.returncode == 2, (mode, run.stdout, run.stderr)
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "must be percent-encoded" in run.stderr and "%2F" in run.stderr
    assert '"postgresql://u:..."' in run.stderr
    password = url.split("://u:", 1)[1].rsplit("@", 1)[0]
    text = shown_text(mode, run.stdout, run.stderr)
    assert not [f for f in fragments(password) if f in text], text


def test_well_formed_urls_with_at_signs_elsewhere_are_accepted() -> None:
    """Item 9: an '@' in the query, a percent-encoded password, a non-ASCII password and
    a ':' inside the password mean what they say."""
    for url in (
        "postgresql://u:p@h/db?application_name=a@b",
        "postgresql://h/db?application_name=a@b",
        "postgresql://u:pa%2Fss%40x%20y@h:5432/db",
        "postgresql://u:pässwörd@h/db",
        "postgresql://u:pa:ss@h/db",
    ):
        assert redact.misencoded_userinfo(url) is None, url
    assert redact.misencoded_userinfo("postgresql://pa/ss@h/db") == ""


def test_scrub_masks_every_fragment_of_a_secret() -> None:
    """Item 9: a fragment of 4+ characters of a password or key is masked, wherever it
    is cut; the public kind of a key is not."""
    redact.forget_all()
    try:
        redact.learn_url("postgresql://u:Zq8!xK2p#4Lm@h/db")
        redact.learn_secret("sb_secret_" + "Kx9" * 8)
        text = "port Zq8! host xK2p#4 db 4Lm and 9Kx9K, a sb_secret_ key; Zq8 stays"
        assert redact.scrub(text) == "port *** host *** db 4Lm and ***, a sb_secret_ key; Zq8 stays"
    finally:
        redact.forget_all()


def test_only_the_password_is_learned_from_a_url_with_at_signs_elsewhere() -> None:
    """Item 9: the raw reading of a URL is learned only when libpq's differs from it;
    an '@' in the query does not make "application_name" a secret."""
    redact.forget_all()
    try:
        redact.learn_url("postgresql://u:Zq8!xK2p@h/db?application_name=tool@ci")
        assert redact.scrub("application_name tool Zq8!x") == "application_name tool ***"
        redact.forget_all()
        redact.learn_url("postgresql://u:pa/ss1234@h/db")  # misread by libpq: both learned
        assert redact.scrub("port pa, database ss1234@h/db") == "port pa, database ***@h/db"
    finally:
        redact.forget_all()


def test_scrub_of_a_megabyte_stays_fast() -> None:
    """Item 9: masking fragments costs little next to writing the output (measured)."""
    redact.forget_all()
    try:
        redact.learn_url("postgresql://u:Zq8!xK2p#4Lm9vQ@h/db")
        redact.learn_secret("sb_secret_" + "Kx9" * 8)
        redact.scrub("warm up")
        text = "CREATE TABLE public.notes (id bigint primary key, body text); -- note\n" * 15000
        started = time.perf_counter()
        assert redact.scrub(text) == text
        elapsed = time.perf_counter() - started
    finally:
        redact.forget_all()
    print(f"\nscrub of {len(text) / 1e6:.1f} MB: {elapsed * 1000:.1f} ms")
    assert elapsed < 0.5


# --- item 12: an unparsable URL is bad input for every command ----------------------------

UNPARSABLE = [
    "postgresql://[::1",
    "not a url",
    "postgres://u:p@host:notaport/db",
    "postgresql://u:p@host:99999/db",
    "postgresql://u:100%@host/db",
]


@pytest.mark.parametrize("url", UNPARSABLE)
def test_unparsable_url_is_exit_2_for_every_command(tmp_path: Path, url: str) -> None:
    """Item 12: preflight said 1, backup said 3 ("connection lost"), migrate and the rest
    said 3 for a port that is not a number; all are bad input."""
    (tmp_path / "migrations").mkdir()
    commands = [
        *MODES,
        ("rollback", "--last", "1", "--yes"),
        ("repair", "--status", "applied", "20250101000000"),
        ("drift",),
        ("lint",),
    ]
    for command in commands:
        args = (*command, "--db-url", url) if command != ("lint",) else ("lint", "--db-url", url)
        run = run_cli(*args, cwd=tmp_path)
        assert run.returncode == 2, (args, run.stdout, run.stderr)
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr, run.stderr
