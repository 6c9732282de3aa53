"""Shell completion (issue 23 item 4): Typer's --install-completion / --show-completion on
the app, and the completion protocol the installed script speaks (the shell runs
``supatools`` with ``_SUPATOOLS_COMPLETE`` set and reads the candidates on stdout)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO, run_cli

COMMANDS = ["migrate", "rollback", "new", "lint", "baseline", "repair", "backup", "restore"]


def _complete(shell: str, line: str) -> list[str]:
    words = line.split(" ")
    env = {
        "_SUPATOOLS_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": line,
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }
    run = run_cli(cwd=REPO, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    return run.stdout.splitlines()


def test_the_app_offers_completion_at_the_top_level_only() -> None:
    top = run_cli("--help")
    assert "--install-completion" in top.stdout and "--show-completion" in top.stdout
    for command in [*COMMANDS, "verify-rls", "preflight", "local"]:
        text = run_cli(command, "--help").stdout
        assert text.startswith("Usage: supatools " + command)
        assert "completion" not in text, command


def test_show_completion_prints_a_script_that_calls_back_supatools(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Typer asks shellingham for the user's shell, which looks among the test process's
    # parents and finds none when the suite runs detached (nohup, a daemon): bash here
    monkeypatch.setattr("typer.completion._get_shell_name", lambda: "bash")
    run = run_cli("--show-completion")
    assert run.returncode == 0, run.stderr
    assert "_SUPATOOLS_COMPLETE=complete_" in run.stdout
    assert "supatools" in run.stdout.splitlines()[-1]


def test_bash_completes_commands_and_options() -> None:
    assert _complete("bash", "supatools mi") == ["migrate"]
    assert _complete("bash", "supatools re") == ["repair", "restore"]
    assert "--last" in _complete("bash", "supatools rollback --la")
    assert _complete("bash", "supatools local st") == ["start", "stop", "status"]


def test_zsh_completes_commands_with_their_help() -> None:
    lines = "\n".join(_complete("zsh", "supatools verify"))
    assert '"verify-rls":"Prove that every table the API can reach' in lines


def test_completion_through_the_console_script_process() -> None:
    # the real entry point (main(): os._exit after a run) answers a completion request
    env = {
        "PATH": "/usr/bin:/bin",
        "_SUPATOOLS_COMPLETE": "complete_bash",
        "COMP_WORDS": "supatools ba",
        "COMP_CWORD": "1",
        "_TYPER_COMPLETE_ARGS": "supatools ba",
    }
    proc = subprocess.run(
        [sys.executable, "-c", "from supatools.cli import main; main()"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "baseline\nbackup\n", "")
