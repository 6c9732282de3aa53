"""``warning`` is accepted wherever ``warn`` is (issue 23 item 5): the Supabase CLI and
GitHub spell it so. Shown and stored as ``warn``."""

from __future__ import annotations

from pathlib import Path

import pytest

from supatools.errors import ConfigError
from supatools.settings import resolve


def _project(tmp_path: Path, lint_table: str) -> Path:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "pyproject.toml").write_text(f"[tool.supatools.lint]\n{lint_table}\n")
    return tmp_path


@pytest.mark.parametrize("spelling", ["warning", "Warning", "warn"])
def test_lint_level_warning_is_warn(tmp_path: Path, spelling: str) -> None:
    settings = resolve(cwd=_project(tmp_path, f'missing_rollback = "{spelling}"'), environ={})
    assert settings.lint_levels == {"missing_rollback": "warn"}


def test_lint_level_off_and_others_unchanged(tmp_path: Path) -> None:
    table = 'missing_rollback = "off"\nnot_idempotent = "error"\nmissing_description = "info"'
    settings = resolve(cwd=_project(tmp_path, table), environ={})
    assert settings.lint_levels == {
        "missing_rollback": "off",
        "not_idempotent": "error",
        "missing_description": "info",
    }


def test_lint_level_unknown_names_the_spellings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        resolve(cwd=_project(tmp_path, 'missing_rollback = "warnings"'), environ={})
    assert "'warnings': use off, info, warn (or warning) or error" in caught.value.message
