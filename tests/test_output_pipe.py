"""Output safe to pipe (issue 23 item 7): no hard wrap at 80 columns when stdout or stderr
is a file or a pipe, so a long path stays one line for grep, cut and CI logs."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from supatools.render.output import Output
from tests.conftest import run_cli


def _deep_folder(tmp_path: Path) -> Path:
    deep = tmp_path / ("a_folder_name_long_enough_to_pass_eighty_columns_" * 3) / "project"
    (deep / "migrations").mkdir(parents=True)
    return deep


def test_local_status_keeps_a_long_data_path_on_one_line_in_a_pipe(tmp_path: Path) -> None:
    deep = _deep_folder(tmp_path)
    result = run_cli("local", "status", cwd=deep)
    assert result.returncode == 0, result.stderr
    data_dir = str(deep / ".supatools" / "local")
    assert len(data_dir) > 160
    assert result.stdout == f"stopped (data in {data_dir})\n"


def test_rich_output_is_not_wrapped_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_out, fake_err = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", fake_out)
    monkeypatch.setattr(sys, "stderr", fake_err)
    monkeypatch.setenv("COLUMNS", "80")
    out = Output()
    line = " ".join(["word"] * 60)  # 299 characters, words Rich would wrap at 80 columns
    out.out.print(line, markup=False)
    out.err.print(line, markup=False)
    assert fake_out.getvalue() == line + "\n"
    assert fake_err.getvalue() == line + "\n"
