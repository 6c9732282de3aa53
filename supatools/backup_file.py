"""Where a backup goes, and how it gets there without ever risking the copy already there.

The dump is written into a file with no name yet (Linux ``O_TMPFILE``, in the target's
folder, mode 0600): if anything stops the run (pg_dump fails, the disk fills, a signal,
SIGKILL), the kernel frees it and nothing is left behind. Only a dump that verified is
fsynced and given its name: linked to the target when nothing is there (so an existing
file is never replaced by accident, even in a race), or linked to a temporary name and
renamed over the target with ``--force``; then the folder is fsynced. Where
``O_TMPFILE`` is missing, a temporary name created exclusively (``O_EXCL``) stands in.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType

from supatools.errors import EnvironmentFailure, UsageError


def default_path(folder: Path, database: str) -> Path:
    """``<folder>/<UTC time>_<database>.dump``, with a suffix if that name is taken."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", database) or "database"
    path = folder / f"{stamp}_{safe}.dump"
    number = 1
    while os.path.lexists(path):
        number += 1
        path = folder / f"{stamp}_{safe}-{number}.dump"
    return path


def target_path(out: Path | None, folder: Path, database: str) -> Path:
    """The file a backup goes to: ``out``; a new default name inside ``out`` when it is a
    folder; a new default name in ``folder`` without ``out``. A symlink is refused."""
    if out is None:
        return default_path(folder, database)
    if out.is_symlink():
        raise UsageError(
            f"--out {out} is a symbolic link; supatools does not write through links "
            "(a backup could overwrite what the link points to): give the real path"
        )
    if out.is_dir():
        return default_path(out, database)
    return out


def check_target(path: Path, replace: bool) -> None:
    """Refuse a symlink, a non-file, and (without ``replace``) an existing file."""
    if path.is_symlink():
        raise UsageError(f"{path} is a symbolic link; give the real path of the backup file")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path} exists and is not a regular file; choose another --out")
    if path.exists() and not replace:
        raise UsageError(
            f"{path} already exists; choose another --out, or pass --force to replace it "
            "(the old file stays until the new backup has verified)"
        )


def make_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parent as 0700 (an existing one is left as is)."""
    missing: list[Path] = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for level in reversed(missing):
            level.mkdir(mode=0o700, exist_ok=True)
    except OSError as exc:
        raise EnvironmentFailure(
            f"cannot create the backup folder {folder} ({exc.strerror})"
        ) from None


def remove_stale(folder: Path) -> None:
    """Remove temporary files of earlier runs that were killed (SIGKILL) in the instant
    between naming a verified dump temporarily and renaming it, or, without O_TMPFILE,
    while writing: ``.<name>.<pid>.<random>.partial`` whose process is gone."""
    for stale in folder.glob(".*.partial"):
        parts = stale.name.rsplit(".", 3)
        if len(parts) != 4 or not parts[1].isdigit() or int(parts[1]) == os.getpid():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except OSError:
            continue  # alive, someone else's


class PendingFile:
    """An unnamed (or temporarily named) 0600 file in ``folder``, readable and writable
    through ``fd``; gone on leaving the ``with`` block unless :meth:`publish` named it."""

    def __init__(self, folder: Path, stem: str) -> None:
        self.folder = folder
        self.stem = stem
        self.temporary: Path | None = None  # set where O_TMPFILE is unavailable
        self.fd = -1

    def __enter__(self) -> PendingFile:
        remove_stale(self.folder)
        tmpfile = getattr(os, "O_TMPFILE", 0)
        if tmpfile:
            try:
                self.fd = os.open(self.folder, tmpfile | os.O_RDWR, 0o600)
                return self
            except OSError as exc:
                if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
                    raise self._cannot(exc) from None
        self.temporary = self._temporary_name()
        try:
            self.fd = os.open(
                self.temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600
            )
        except OSError as exc:
            raise self._cannot(exc) from None
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)

    def _temporary_name(self) -> Path:
        return self.folder / f".{self.stem}.{os.getpid()}.{secrets.token_hex(4)}.partial"

    def _cannot(self, exc: OSError) -> EnvironmentFailure:
        return EnvironmentFailure(
            f"cannot create the backup file in {self.folder} ({exc.strerror}); check the "
            "folder's permissions and free space"
        )

    def size(self) -> int:
        return os.fstat(self.fd).st_size

    def publish(self, path: Path, replace: bool) -> None:
        """fsync the file, give it the name ``path`` (replacing a file there only with
        ``replace``), fsync the folder."""
        os.fsync(self.fd)
        # linkat() through a folder descriptor: it follows /proc/self/fd/N to the file
        # itself (plain link() would try to link the magic symlink: EXDEV)
        folder = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            self._name(folder, path, replace)
            os.fsync(folder)
        finally:
            os.close(folder)

    def _name(self, folder: int, path: Path, replace: bool) -> None:
        source = str(self.temporary or f"/proc/self/fd/{self.fd}")
        try:
            if replace:
                if self.temporary is None:
                    self.temporary = self._temporary_name()
                    os.link(source, self.temporary.name, dst_dir_fd=folder)
                os.replace(self.temporary, path)
                self.temporary = None
            else:
                # fails when a file appeared meanwhile: an existing file is never replaced
                os.link(source, path.name, dst_dir_fd=folder)
        except FileExistsError:
            raise UsageError(
                f"{path} appeared while the backup ran; it was left as it is, and the new "
                "backup was discarded: choose another --out, or pass --force"
            ) from None
        except OSError as exc:
            raise EnvironmentFailure(
                f"cannot write the backup to {path} ({exc.strerror}); nothing was changed there"
            ) from None
