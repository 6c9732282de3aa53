"""Bad usage and bad input are exit 2 for every command: one ``error:`` line on stderr, no
traceback, and nothing reached.

The database URL in every case points at a closed port, so a command that connected (or
started a server) before judging its input would exit 3 instead: each shape must be said
before anything is reached. The exit-code table in the README is the contract.
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.conftest import run_cli, write


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


CLOSED = f"postgresql://postgres:secret-pw@127.0.0.1:{_closed_port()}/postgres"
#: every command that takes a database, with the arguments it needs to get that far
DATABASE_COMMANDS: dict[str, list[str]] = {
    "migrate": ["migrate"],
    "migrate --status": ["migrate", "--status"],
    "migrate --dry-run": ["migrate", "--dry-run"],
    "migrate --rehearse": ["migrate", "--rehearse"],
    "rollback": ["rollback", "--last", "1"],
    "baseline": ["baseline", "--version", "20250101000000"],
    "repair": ["repair", "--status", "applied", "20250101000000"],
    "backup": ["backup"],
    "verify-rls": ["verify-rls"],
    "preflight": ["preflight"],
    "lint": ["lint"],
}
URLS = {
    "unparsable": "postgresql://[::1",
    "not-a-url": "not a url at all",
    "port-not-a-number": "postgresql://u:p@127.0.0.1:notaport/db",
    "raw-slash-in-password": "postgresql://postgres:pa/ss@127.0.0.1:5432/postgres",
    "raw-at-in-password": "postgresql://postgres:pa@ss@127.0.0.1:5432/postgres",
    "space-in-password": "postgresql://postgres:pa ss@127.0.0.1:5432/postgres",
}
#: (name, arguments, a file to create first) for every other shape of bad usage
SHAPES: list[tuple[str, list[str]]] = [
    ("unknown-flag", ["migrate", "--no-such-flag"]),
    ("unknown-command", ["migrat"]),
    ("two-modes", ["migrate", "--list", "--status"]),
    ("backup-and-backup-tables", ["migrate", "--backup", "--backup-tables", "--db-url", CLOSED]),
    ("migrate-bad-fail-on", ["migrate", "--fail-on", "fatal", "--db-url", CLOSED]),
    ("migrate-unknown-file", ["migrate", "--file", "99990101000000", "--db-url", CLOSED]),
    ("migrate-bad-duration", ["migrate", "--lock-timeout", "soon", "--db-url", CLOSED]),
    ("local-and-db-url", ["migrate", "--local", "--db-url", CLOSED]),
    ("verify-rls-bad-format", ["verify-rls", "--format", "xml", "--db-url", CLOSED]),
    ("verify-rls-json-and-sarif", ["verify-rls", "--json", "--format", "sarif"]),
    ("verify-rls-bad-fail-on", ["verify-rls", "--fail-on", "fatal", "--db-url", CLOSED]),
    ("lint-bad-format", ["lint", "--format", "xml"]),
    ("lint-bad-fail-on", ["lint", "--fail-on", "fatal"]),
    ("lint-a-stranger", ["lint", "README.md"]),
    ("rollback-neither", ["rollback", "--db-url", CLOSED]),
    ("rollback-both", ["rollback", "--to", "20250101000000", "--last", "1", "--db-url", CLOSED]),
    ("rollback-last-0", ["rollback", "--last", "0", "--db-url", CLOSED]),
    ("rollback-last-negative", ["rollback", "--last", "-1", "--db-url", CLOSED]),
    ("rollback-last-not-a-number", ["rollback", "--last", "one", "--db-url", CLOSED]),
    ("baseline-neither", ["baseline", "--db-url", CLOSED]),
    ("baseline-not-local", ["baseline", "--version", "20990101000000", "--db-url", CLOSED]),
    ("baseline-not-a-version", ["baseline", "--version", "yesterday", "--db-url", CLOSED]),
    ("repair-bogus-status", ["repair", "--status", "bogus", "20250101000000", "--db-url", CLOSED]),
    ("repair-no-version", ["repair", "--status", "applied", "--db-url", CLOSED]),
    ("restore-missing-file", ["restore", "missing.dump", "--yes", "--db-url", CLOSED]),
    ("restore-a-folder", ["restore", "migrations", "--yes", "--db-url", CLOSED]),
    ("restore-not-a-dump", ["restore", "notes.txt", "--yes", "--db-url", CLOSED]),
    ("new-name-without-letters", ["new", "!!!"]),
    ("local-start-bad-port", ["local", "start", "--port", "notaport"]),
    ("no-database-url", ["verify-rls"]),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "migrations").mkdir()
    write(tmp_path / "migrations", "20250101000000_first.sql", "-- first\nselect 1;\n")
    write(tmp_path, "notes.txt", "not a dump\n")
    return tmp_path


def _assert_bad_usage(args: list[str], cwd: Path) -> None:
    run = run_cli(*args, cwd=cwd)
    assert run.returncode == 2, (args, run.stdout, run.stderr)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), (args, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    assert "secret-pw" not in run.stderr + run.stdout


@pytest.mark.parametrize("shape", sorted(URLS))
@pytest.mark.parametrize("command", sorted(DATABASE_COMMANDS))
def test_a_bad_database_url_is_exit_2_for_every_command(
    project: Path, command: str, shape: str
) -> None:
    _assert_bad_usage([*DATABASE_COMMANDS[command], "--db-url", URLS[shape]], project)


@pytest.mark.parametrize(("name", "args"), SHAPES, ids=[name for name, _ in SHAPES])
def test_every_other_shape_of_bad_usage_is_exit_2(
    project: Path, name: str, args: list[str]
) -> None:
    _assert_bad_usage(args, project)


def test_the_closed_port_really_is_an_environment_failure(project: Path) -> None:
    # the shapes above would pass by accident if this URL were bad input too: it is not
    run = run_cli("verify-rls", "--db-url", CLOSED, cwd=project)
    assert run.returncode == 3, run.stderr
