"""``migrate --status``'s cache: one small JSON file under ``.supatools/``.

For each file it keeps the key (size, mtime_ns, inode, as ``stat`` gave them, under the
folder's absolute path and the file's name), the header read from it (description,
directives) and, once the file was compared with history, its checksum. A file whose key
is the one recorded is neither read nor hashed; any other file is read (once) and, when
compared, hashed. git's index trusts the same stat data and shares its blind spot: an
edit that keeps the size and puts the modification time back is not seen by
``--status``. ``migrate`` never reads this cache: it reads and hashes what it applies.

The file is written to a temporary name and renamed over the old one; a cache that
cannot be read or parsed is ignored (everything is read) and written anew. A file
modified in the two seconds before the cache is written is not recorded (git's "racily
clean" entries): its next edit could land in the same timestamp.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from stat import S_ISREG
from typing import Any

from supatools.migrations.files import MigrationFile, Requirement

#: the cache file, in the project's ``.supatools/`` folder
CACHE_NAME = "status-checksums.json"
#: bumped when the checksum or the key changes meaning: an old cache is then ignored
FORMAT = 2
#: files modified this close to the cache's writing are left out of it (ns)
RACY_NS = 2_000_000_000

#: a file's entry: ["<size> <mtime_ns> <inode>", checksum or None, description,
#: no_transaction, [[version, name or None, line], ...]]
Loaded = tuple[str, dict[str, list[Any]]]


def _key(stat_key: tuple[int, int, int]) -> str:
    """A ``(size, mtime_ns, inode)`` as the cache writes it (:class:`Known` spells it inline)."""
    return f"{stat_key[0]} {stat_key[1]} {stat_key[2]}"


def load(cache_dir: Path, folder: Path) -> Loaded:
    """The cache's entries by file name when it describes ``folder``; ({}) when it is
    missing, unreadable, not one this version wrote, or about another folder."""
    absolute = os.path.abspath(folder)
    try:
        document = json.loads((cache_dir / CACHE_NAME).read_bytes())
        files = document["files"]
        if (
            document["format"] == FORMAT
            and document["folder"] == absolute
            and isinstance(files, dict)
        ):
            return absolute, files
    except (OSError, ValueError, TypeError, KeyError):
        pass
    return absolute, {}


def _requirements(requires: list[Any]) -> tuple[Requirement, ...] | None:
    """An entry's requirements, or None when one is malformed."""
    parsed: list[Requirement] = []
    for item in requires:
        if not (isinstance(item, list) and len(item) == 3):
            return None
        req_version, req_name, line = item
        if not (
            isinstance(req_version, str)
            and (req_name is None or isinstance(req_name, str))
            and isinstance(line, int)
        ):
            return None
        parsed.append(Requirement(req_version, req_name, line))
    return tuple(parsed)


class Known:
    """For :func:`files.discover` (a ``Reuse``): a file whose stat key (one ``stat`` of its
    directory entry) is the recorded one comes from the cache, unread; any other file, or
    an entry that is not what this version writes, is read. It counts its hits, so that
    :func:`save` sees an unchanged folder without going through it again."""

    def __init__(self, loaded: Loaded) -> None:
        self.entries = loaded[1]
        self.hits = 0
        #: the hits whose entry had no checksum: compared with history now, they get one
        self.unhashed: list[MigrationFile] = []

    def __call__(
        self, found: os.DirEntry[str], path: Path, version: str, name: str, down: Path | None
    ) -> MigrationFile | None:
        # one function, no helper calls: it runs once per file (10,000 of them are felt)
        entry = self.entries.get(found.name)
        if not isinstance(entry, list) or len(entry) != 5:
            return None
        try:
            info = found.stat()
        except OSError:
            return None  # gone or unreadable: reading it says what is wrong
        key, digest, description, no_transaction, requires = entry
        if key != f"{info.st_size} {info.st_mtime_ns} {info.st_ino}" or not S_ISREG(info.st_mode):
            return None
        if not (
            isinstance(description, str)
            and isinstance(no_transaction, bool)
            and (digest is None or (isinstance(digest, str) and len(digest) == 64))
            and isinstance(requires, list)
        ):
            return None
        parsed = _requirements(requires) if requires else ()
        if parsed is None:
            return None
        stat_key = (info.st_size, info.st_mtime_ns, info.st_ino)
        migration = MigrationFile.unread(
            version, name, path, description, no_transaction, parsed, down, stat_key, digest
        )
        self.hits += 1
        if digest is None:
            self.unhashed.append(migration)
        return migration


def reuse(loaded: Loaded) -> Known:
    """The ``reuse`` of :func:`files.discover` for the cache :func:`load` read."""
    return Known(loaded)


def _unchanged(local: list[MigrationFile], entries: dict[str, list[Any]], known: Known) -> bool:
    """Every file came from its entry, every entry from a file, and no entry gained a
    checksum: the cache as it is says all (a hit is not racy: it was not when written)."""
    return (
        known.hits == len(local) == len(entries)
        and known.entries is entries
        and not any("checksum" in migration.__dict__ for migration in known.unhashed)
    )


def save(
    cache_dir: Path, local: list[MigrationFile], loaded: Loaded, known: Known | None = None
) -> None:
    """Record the files as known now (headers, and the checksums compared with history);
    written only when that differs from ``loaded``, the cache :func:`load` read (at once
    when ``known``, the ``reuse`` that discovered ``local``, says nothing changed). A folder
    that cannot be written is no error: the next ``--status`` reads the files again."""
    folder, entries = loaded
    if known is not None and _unchanged(local, entries, known):
        return
    now = time.time_ns()
    files: dict[str, list[Any]] = {}
    for migration in local:
        key = migration.stat_key
        if key is None or now - key[1] <= RACY_NS:
            continue
        digest = migration.__dict__.get("checksum")  # computed or assumed, not forced here
        filename = migration.filename
        if migration.source is None:  # from the cache: its entry, unless now hashed
            entry = entries.get(filename)
            if isinstance(entry, list) and entry[1] == digest:
                files[filename] = entry  # the same list: the comparison below is cheap
                continue
        requires = [[r.version, r.name, r.line] for r in migration.requires]
        files[filename] = [
            _key(key),
            digest,
            migration.description,
            migration.no_transaction,
            requires,
        ]
    if entries == files:
        return
    document = {"format": FORMAT, "folder": folder, "files": files}
    path = cache_dir / CACHE_NAME
    temporary = cache_dir / f".{CACHE_NAME}.{os.getpid()}.tmp"
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
