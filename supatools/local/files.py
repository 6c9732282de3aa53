"""The local server's folder: .gitignore, ownership when run as root, the start lock."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.errors import LocalServerError
from supatools.local.binaries import server_major, standins_dir

if TYPE_CHECKING:
    from filelock import BaseFileLock


def ignore_in_git(project: Path) -> None:
    """Make the project's .gitignore (created if missing) ignore ``.supatools/``, the
    local server's data; a .gitignore that already does, or cannot be written, is left."""
    path = project / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError):
        return
    ignored = {line.strip() for line in text.splitlines()}
    if ignored & {".supatools", ".supatools/", "/.supatools", "/.supatools/"}:
        return
    addition = ("" if not text or text.endswith("\n") else "\n") + (
        "# supatools local: the embedded PostgreSQL's data\n.supatools/\n"
    )
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(addition)
    except OSError:
        return


def _give_tree(root: Path, owner: tuple[int, int]) -> None:
    """Give ``root`` and what it holds to the server account, never following a symlink.

    The local server trusts every local user, who could plant a symlink in its data
    folder (``COPY ... TO PROGRAM``); following it as root would hand any file to them.
    """
    uid, gid = owner
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in [folder, *(os.path.join(folder, n) for n in dirs + names)]:
            info = os.lstat(name)
            if (info.st_uid, info.st_gid) != (uid, gid):
                os.lchown(name, uid, gid)


def _require_reachable(path: Path, owner: tuple[int, int]) -> None:
    """Running as root, stop with a clear line when the server account cannot reach
    ``path``: supatools never loosens the permissions of folders it does not own."""
    import stat

    uid, gid = owner
    for folder in reversed(path.parents):
        try:
            info = folder.stat()
        except OSError:
            continue
        if info.st_uid == uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid == gid:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            raise LocalServerError(
                f"running as root, the server runs as an unprivileged account that cannot "
                f"reach {folder} (mode {stat.S_IMODE(info.st_mode):o}); run supatools as a "
                "normal user, or keep the project and Python environment in folders that "
                "account can enter"
            )


class _file_lock:  # noqa: N801 - used as a context manager, like open()
    """An exclusive lock on ``path`` for the duration of a ``with`` block, on every
    platform: the ``filelock`` package (``flock`` on POSIX, ``msvcrt.locking`` on
    Windows, where ``fcntl`` does not exist and the start was left unguarded). Imported
    here, not at the top: it costs ~40 ms, paid only by a command that starts a server."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock: BaseFileLock | None = None

    def __enter__(self) -> None:
        from filelock import FileLock

        self.lock = FileLock(str(self.path), mode=0o600, thread_local=False)
        self.lock.acquire()

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def write_conf(pgdata: Path, bindir: Path, owner: tuple[int, int] | None) -> None:
    """Write the settings supatools owns to ``supatools.conf`` in the data folder
    (included from postgresql.conf), afresh at every start: the stand-ins' folder moves
    with the Python environment."""
    settings: dict[str, str] = {}
    libdirs = (bindir.parent / "lib", bindir.parent / "lib" / "postgresql")
    if any((lib / "pg_stat_statements.so").exists() for lib in libdirs):
        # pre-installed on Supabase; its view needs the library loaded at start
        settings["shared_preload_libraries"] = "pg_stat_statements"
    if server_major(bindir) >= 18:
        # PostgreSQL 18 finds extensions in more folders than its own: the stand-ins
        folder = standins_dir()
        if owner:
            _require_reachable(folder / "extension", owner)
        settings["extension_control_path"] = f"{folder}{os.pathsep}$system"
    text = "# written by supatools local at each start; edits are lost\n" + "".join(
        f"{name} = {_conf_quote(value)}\n" for name, value in settings.items()
    )
    conf = pgdata / "postgresql.conf"
    include = "include_if_exists = 'supatools.conf'"
    try:
        (pgdata / "supatools.conf").write_text(text, encoding="utf-8")
        current = conf.read_text(encoding="utf-8")
        if include not in current:
            conf.write_text(current.rstrip("\n") + f"\n{include}\n", encoding="utf-8")
        if owner:
            os.lchown(pgdata / "supatools.conf", *owner)
    except OSError as exc:
        raise LocalServerError(
            f"cannot write the server settings in {pgdata} ({exc.strerror})"
        ) from None


def _conf_quote(value: str) -> str:
    """``value`` as a quoted postgresql.conf string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
