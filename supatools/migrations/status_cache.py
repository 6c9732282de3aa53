"""``migrate --status``'s checksum cache: one small JSON file under ``.supatools/``.

A file's checksum is taken from the cache when its key, (path, size, mtime_ns, inode)
as ``fstat`` gave it while the file was read, is the one recorded; otherwise it is
hashed again. git's index trusts the same stat data, and shares its blind spot: an
edit that keeps the size and puts the modification time back is not seen by
``--status``. ``migrate`` itself never reads this cache: it hashes what it applies.

The file is written to a temporary name and renamed over the old one; a cache that
cannot be read or parsed is ignored (everything is hashed) and written anew. A file
modified in the second before the cache is written is not recorded (git's "racily
clean" entries): its next edit could land in the same timestamp.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from supatools.migrations.files import MigrationFile

#: the cache file, in the project's ``.supatools/`` folder
CACHE_NAME = "status-checksums.json"
#: bumped when the checksum or the key changes meaning: an old cache is then ignored
FORMAT = 1
#: files modified this close to the cache's writing are left out of it (ns)
RACY_NS = 2_000_000_000

#: a file's entry: "<size> <mtime_ns> <inode> <sha-256 hex>" (one string parses fastest)
Loaded = tuple[str, dict[str, str]]


def _prefix(key: tuple[int, int, int]) -> str:
    return f"{key[0]} {key[1]} {key[2]} "


def _load(path: Path) -> Loaded:
    """The folder the cache describes and its entries by file name; ('', {}) when the
    cache is missing, unreadable or not one this version wrote."""
    try:
        document = json.loads(path.read_bytes())
        folder, files = document["folder"], document["files"]
        if document["format"] == FORMAT and isinstance(folder, str) and isinstance(files, dict):
            return folder, files
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return "", {}


def use(cache_dir: Path, folder: Path, local: list[MigrationFile]) -> Loaded:
    """Give each unchanged file its recorded checksum (no hashing when it is compared);
    returns the cache as read, for :func:`save`."""
    loaded = _load(cache_dir / CACHE_NAME)
    recorded_folder, entries = loaded
    if recorded_folder != os.path.abspath(folder):
        return loaded
    for migration in local:
        entry, key = entries.get(migration.filename), migration.stat_key
        if not isinstance(entry, str) or key is None:
            continue
        prefix = _prefix(key)
        if entry.startswith(prefix) and len(entry) == len(prefix) + 64:
            migration.assume_checksum(entry[len(prefix) :])
    return loaded


def save(cache_dir: Path, folder: Path, local: list[MigrationFile], loaded: Loaded) -> None:
    """Record the checksums known now (those compared with history); written only when
    they differ from ``loaded``, the cache :func:`use` read. A folder that cannot be
    written is no error: the next ``--status`` hashes again."""
    path = cache_dir / CACHE_NAME
    now = time.time_ns()
    files: dict[str, str] = {}
    for migration in local:
        digest = migration.__dict__.get("checksum")  # computed or assumed, not forced here
        key = migration.stat_key
        if isinstance(digest, str) and key is not None and now - key[1] > RACY_NS:
            files[migration.filename] = _prefix(key) + digest
    absolute = os.path.abspath(folder)
    if loaded == (absolute, files):
        return
    document = {"format": FORMAT, "folder": absolute, "files": files}
    temporary = cache_dir / f".{CACHE_NAME}.{os.getpid()}.tmp"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
