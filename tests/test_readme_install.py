"""Issue 23 item 1: the README's install works and its first screen shows where teams work.

``pip install "supatools[local]"`` installed nothing (no such package on the index, and
anyone could register the name): every install the README shows names the repository, a
clone or a wheel. The first screen holds the three blocks (your own project, the Action,
pre-commit), and what they name exists: the action's inputs, the hooks' ids.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

yaml = pytest.importorskip("yaml", reason="PyYAML (pre-commit's dependency, test extra) missing")

README = (REPO / "README.md").read_text(encoding="utf-8")
#: what a reader sees before scrolling much: up to the quick start's end
FIRST_SCREEN = README[: README.index("## `supatools migrate`")]


def index_installs(text: str) -> list[str]:
    """Requirements in ``pip install`` commands that would fetch supatools by name."""
    found = []
    for line in re.findall(r"pip install ([^\n`]*)", text):
        command = re.split(r"&&|;|\|", line)[0]
        for word in command.split():
            requirement = word.strip("\"'")
            by_name = re.match(r"supatools(\[[\w,]+\])?$", requirement)
            if by_name and " @ " not in command:
                found.append(requirement)
    return found


def test_no_install_fetches_supatools_from_the_index_by_name() -> None:
    assert index_installs(README) == []
    # the shape that failed is caught
    assert index_installs('(`pip install "supatools[local]"`)') == ["supatools[local]"]
    assert index_installs("pip install supatools && supatools migrate") == ["supatools"]
    assert index_installs('pip install -e ".[local]" && supatools migrate --local') == []


def test_first_screen_shows_own_project_action_and_pre_commit() -> None:
    assert "cd my-supabase-app && supatools migrate --local" in FIRST_SCREEN
    assert re.search(
        r'pip install "supatools\[local\] @ git\+https://\S+@<commit-sha>"', FIRST_SCREEN
    )
    assert "uses: <owner>/supatools@<commit-sha>" in FIRST_SCREEN
    assert "rev: <commit-sha>" in FIRST_SCREEN


def test_first_screen_names_what_exists() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    blocks = re.findall(r"```yaml\n(.*?)```", FIRST_SCREEN, re.DOTALL)
    step = yaml.safe_load(blocks[0])[0]
    assert set(step["with"]) <= set(action["inputs"])
    shown = {hook["id"] for hook in yaml.safe_load(blocks[1])[0]["hooks"]}
    assert shown == {hook["id"] for hook in hooks}
