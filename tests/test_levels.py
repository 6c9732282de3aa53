"""One Level type: ``warning`` is ``warn`` wherever a level is read (the contract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from supatools.levels import LEVELS, at_or_above, normalise
from tests.conftest import run_cli, write


@pytest.mark.parametrize(
    ("given", "level"),
    [
        ("error", "error"),
        ("warn", "warn"),
        ("warning", "warn"),
        ("WARNING", "warn"),
        (" info ", "info"),
        ("fatal", None),
        ("", None),
        ("warn ing", None),
    ],
)
def test_normalise_folds_warning_and_refuses_others(given: str, level: str | None) -> None:
    assert normalise(given) == level


def test_levels_order_most_severe_first() -> None:
    assert LEVELS == ("error", "warn", "info")
    assert at_or_above("error", "warn") and at_or_above("warn", "warn")
    assert not at_or_above("info", "warn")


def _project(tmp_path: Path) -> Path:
    # findings at error and below: a table created without RLS, in a file lint can read
    (tmp_path / "migrations").mkdir()
    write(
        tmp_path / "migrations",
        "20250101000000_t.sql",
        "-- a table\ncreate table public.t (id bigint primary key);\n",
    )
    return tmp_path


def test_fail_on_warning_means_warn_on_the_command_line(tmp_path: Path) -> None:
    root = _project(tmp_path)
    as_warn = run_cli("lint", "--json", "--fail-on", "warn", cwd=root)
    as_warning = run_cli("lint", "--json", "--fail-on", "warning", cwd=root)
    assert as_warning.returncode == as_warn.returncode
    assert json.loads(as_warning.stdout) == json.loads(as_warn.stdout)


def test_an_unknown_level_is_bad_usage(tmp_path: Path) -> None:
    run = run_cli("lint", "--fail-on", "fatal", cwd=_project(tmp_path))
    assert run.returncode == 2
    assert run.stderr.strip() == ("error: --fail-on 'fatal': use error, warn (or warning) or info")
