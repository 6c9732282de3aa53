"""The local server's folder: .gitignore, ownership when run as root, the start lock."""

from __future__ import annotations

import os
from pathlib import Path

from supatools.errors import LocalServerError


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
    """An exclusive ``flock`` on ``path`` for the duration of a ``with`` block."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: int | None = None

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no concurrent starts guarded
            return
        self.handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            os.close(self.handle)  # closing releases the lock
            self.handle = None


def _conf_quote(value: str) -> str:
    """``value`` as a quoted postgresql.conf string."""
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
