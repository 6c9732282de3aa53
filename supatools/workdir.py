"""The project root: the folder every relative path of the settings resolves against
(migrations, policies, backups, ``.supatools/local``, ``.env``, the settings files).

``--workdir`` says it, else ``SUPATOOLS_WORKDIR``, else it is searched upward from the
current folder, as the Supabase CLI and git do: the first folder holding
``supabase/config.toml``, a ``supatools.toml``, a ``pyproject.toml`` with
``[tool.supatools]``, or a migrations folder (``migrations/`` or ``supabase/migrations/``).
From below, the search never looks at the user's home, the temporary folder or the
filesystem root, nor across a mount boundary (as git stops at one), so a command run in a
temporary folder does not adopt some unrelated project above it; found nothing, the
current folder is the root, as before.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from supatools.errors import ConfigError

#: ``--workdir`` of this run (set by the command line's callback, cleared by ``cli.run``)
_chosen: Path | None = None


def choose(path: Path | None) -> None:
    """Take ``path`` (``--workdir``) as the project root of this run; None forgets it.
    Checked when the command resolves its settings, inside its boundary (--json)."""
    global _chosen
    _chosen = path


def _existing_folder(path: Path, source: str) -> Path:
    folder = Path(os.path.abspath(path.expanduser()))
    if not folder.is_dir():
        raise ConfigError(
            f"{source} {path}: no such folder; give the project's root folder (the one "
            "holding supabase/ or migrations/)"
        )
    return folder


def project_root(environ: Mapping[str, str]) -> Path:
    """The root of this run: ``--workdir``, ``SUPATOOLS_WORKDIR``, else searched upward."""
    if _chosen is not None:
        return _existing_folder(_chosen, "--workdir")
    named = environ.get("SUPATOOLS_WORKDIR", "").strip()
    if named:
        return _existing_folder(Path(named), "SUPATOOLS_WORKDIR")
    stops = (os.path.expanduser("~"), os.environ.get("TMPDIR") or "/tmp")
    return search(Path(os.getcwd()), *(Path(os.path.abspath(s)) for s in stops))


def search(start: Path, *stops: Path) -> Path:
    """The first folder from ``start`` upward that holds a project; ``start`` when none.

    Above ``start`` the search stops before any of ``stops`` (the user's home and the
    temporary folder: a test's or a script's scratch folder must not adopt a project
    above it, even when TMPDIR lies inside a checkout), before the filesystem root and at
    a mount boundary (a different device)."""
    try:
        device = start.stat().st_dev
    except OSError:
        return start
    for folder in (start, *start.parents):
        if folder != start:
            if folder in stops or folder.parent == folder:
                break
            try:
                if folder.stat().st_dev != device:
                    break
            except OSError:
                break
        if holds_project(folder):
            return folder
    return start


def holds_project(folder: Path) -> bool:
    """Whether ``folder`` is a project root (see the module's docstring)."""
    if (folder / "supabase" / "config.toml").is_file() or (folder / "supatools.toml").is_file():
        return True
    if (folder / "migrations").is_dir() or (folder / "supabase" / "migrations").is_dir():
        return True
    return _pyproject_holds_supatools(folder / "pyproject.toml")


def _pyproject_holds_supatools(path: Path) -> bool:
    if not path.is_file():
        return False
    from supatools.settings_file import _MAY_HOLD_TOOL_TABLE, _toml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if not _MAY_HOLD_TOOL_TABLE.search(text):
        return False  # no [tool.supatools] in any TOML spelling: skip the parser
    try:
        tool = _toml(path, text).get("tool")
    except ConfigError:
        return True  # it may hold our table: resolving the settings there says what is wrong
    return isinstance(tool, dict) and "supatools" in tool
