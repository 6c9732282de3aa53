"""Discover migration files, read their leading comment block and checksum them.

Nothing here parses SQL: ``--list`` and ``--status`` must start fast, so the
statement-level work (pglast) lives in :mod:`supatools.migrations.statements`.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import itemgetter
from pathlib import Path

from supatools.errors import MigrationFileError, UsageError

#: what the Supabase CLI applies (pkg/migration: ``^([0-9]+)_(.*)\.sql$``); naming style
#: (14 digits, snake case) is lint's business, not a reason to refuse a file
NAME_RULE = re.compile(r"^(?P<version>\d+)_(?P<name>.*)\.sql$", re.DOTALL)
DOWN_RULE = re.compile(r"^(?P<version>\d+)_(?P<name>.*)\.down\.sql$", re.DOTALL)


@cache
def _directive_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """requires, no-transaction, ignore, one requirement: compiled when a header holds a
    directive (about 1 ms of ``--list``'s start otherwise)."""
    return (
        re.compile(r"^--\s*(?P<ns>supatools\s*:\s*)?requires\s*:?\s*(?P<list>.*)$", re.IGNORECASE),
        re.compile(r"^--\s*supatools\s*:\s*no-transaction\s*$", re.IGNORECASE),
        re.compile(r"^--\s*supatools\s*:\s*ignore\b", re.IGNORECASE),
        re.compile(r"^(?P<version>\d+)(?:_(?P<name>.+))?$"),
    )


#: a migration larger than this is refused rather than read whole into memory
MAX_FILE_BYTES = 1 << 30


@dataclass(frozen=True)
class Requirement:
    """One entry of a ``-- requires:`` directive."""

    version: str
    name: str | None  # None when only the version was written
    line: int

    def __str__(self) -> str:
        return f"{self.version}_{self.name}" if self.name else self.version


@dataclass(frozen=True)
class MigrationFile:
    """A local migration file, read and checksummed."""

    version: str
    name: str
    path: Path
    #: the text as read; None when the header came from ``--status``'s cache, and the
    #: file is read only if its text is wanted (:attr:`text`)
    source: str | None
    description: str
    no_transaction: bool
    requires: tuple[Requirement, ...]
    down_path: Path | None
    #: (size, mtime_ns, inode) of the file as it was read: the key of ``--status``'s
    #: checksum cache (:mod:`supatools.migrations.status_cache`); None when not read here
    stat_key: tuple[int, int, int] | None = field(default=None, compare=False, repr=False)

    @property
    def filename(self) -> str:
        return self.path.name

    @cached_property
    def text(self) -> str:
        """The file's text (BOM removed), read now if the header came from a cache."""
        if self.source is not None:
            return self.source
        return read_migration(self.path, self.version, self.name, self.down_path).text

    @cached_property
    def checksum(self) -> str:
        """Computed when first compared or recorded, never for ``--list`` (start-up)."""
        return checksum(self.text)

    @classmethod
    def unread(
        cls,
        version: str,
        name: str,
        path: Path,
        description: str,
        no_transaction: bool,
        requires: tuple[Requirement, ...],
        down_path: Path | None,
        stat_key: tuple[int, int, int],
        checksum: str | None,
    ) -> MigrationFile:
        """A migration known from ``--status``'s cache, its text unread, with its checksum
        when the cache had one (as :meth:`assume_checksum`): the generated ``__init__``'s
        nine frozen-attribute sets, 10,000 times, are felt in ``--status``."""
        migration = object.__new__(cls)
        values = {
            "version": version,
            "name": name,
            "path": path,
            "source": None,
            "description": description,
            "no_transaction": no_transaction,
            "requires": requires,
            "down_path": down_path,
            "stat_key": stat_key,
        }
        if checksum is not None:
            values["checksum"] = checksum  # where cached_property keeps its value
        object.__setattr__(migration, "__dict__", values)
        return migration

    def assume_checksum(self, value: str) -> None:
        """Take ``value`` as the checksum without hashing (``--status``'s cache hit only:
        ``migrate`` never calls this, it hashes what it applies)."""
        self.__dict__["checksum"] = value  # where cached_property keeps its value

    @property
    def stem(self) -> str:
        return f"{self.version}_{self.name}"


def checksum(text: str) -> str:
    """SHA-256 of the text with line endings unified and trailing whitespace dropped.

    A file re-saved with CRLF, or with spaces trimmed by an editor, is the same migration.
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    import hashlib

    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def leading_comment_block(text: str) -> list[tuple[int, str]]:
    """The ``--`` comment lines at the top of the file (blank lines allowed), numbered from 1."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(_lines(text.lstrip("\ufeff")), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("--"):
            break
        block.append((number, line))
    return block


def _lines(text: str) -> Iterator[str]:
    """``text.splitlines()`` lazily, a few KB at a time: the header is read without
    splitting the whole file. Chunks end just after a ``\\n``, so no line break is cut
    and the lines (and the line numbers in messages) are those of ``str.splitlines``."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start + 4096)
        stop = size if end < 0 else end + 1
        yield from text[start:stop].splitlines()
        start = stop


def _parse_header(path: Path, text: str) -> tuple[str, bool, tuple[Requirement, ...]]:
    description = ""
    no_transaction = False
    requires: list[Requirement] = []
    for number, line in leading_comment_block(text):
        lower = line.lower()
        if "supatools" not in lower and "requires" not in lower:  # prose: no directive
            if not description:
                description = line.lstrip("-").strip()
            continue
        requires_rule, no_transaction_rule, ignore_rule, requirement_rule = _directive_rules()
        if no_transaction_rule.match(line):
            no_transaction = True
            continue
        match = requires_rule.match(line)
        if match and (match["ns"] or line.lower().lstrip("- ").startswith("requires:")):
            items = [part.strip().removesuffix(".sql") for part in match["list"].split(",")]
            items = [item for item in items if item]
            parsed = [requirement_rule.match(item) for item in items]
            if match["ns"]:
                bad = next((i for i, p in zip(items, parsed, strict=True) if not p), None)
                if bad is not None or not items:
                    raise MigrationFileError(
                        f"{path}:{number}: 'supatools:requires {bad or ''}' is not a "
                        "migration; write a version or a file name such as "
                        "20250327183223_user_profiles"
                    )
            if items and all(parsed):
                # the bare "-- requires:" is a directive only when every entry is a
                # migration; otherwise it is prose ("requires: admin permission")
                requires.extend(Requirement(p["version"], p["name"], number) for p in parsed if p)
                continue
        if ignore_rule.match(line):
            continue
        if lower.startswith("-- supatools:") or lower.startswith("--supatools:"):
            raise MigrationFileError(
                f"{path}:{number}: unknown directive {line!r}; the known ones are "
                "'-- supatools:no-transaction', '-- supatools:requires ...' and "
                "'-- supatools:ignore RULE reason'"
            )
        body = line.lstrip("-").strip()
        if body and not description:
            description = body
    return description, no_transaction, tuple(requires)


def read_migration(path: Path, version: str, name: str, down: Path | None) -> MigrationFile:
    """Read one migration file; unreadable or non-UTF-8 files are a ``MigrationFileError``."""
    raw, info = read_with_stat(path)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise MigrationFileError(
            f"{path}:{line}: a NUL byte; PostgreSQL cannot take it and would silently cut "
            "the file there. Remove it (it is often a bad copy or a binary file)"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MigrationFileError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    description, no_transaction, requires = _parse_header(path, text)
    for req in requires:
        if req.version >= version:
            raise MigrationFileError(
                f"{path}:{req.line}: requires {req}, which is not older than this migration; "
                "a migration can only require earlier versions"
            )
    return MigrationFile(
        version=version,
        name=name,
        path=path,
        source=text,
        description=description,
        no_transaction=no_transaction,
        requires=requires,
        down_path=down,
        stat_key=(info.st_size, info.st_mtime_ns, info.st_ino),
    )


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (symlinks to one are fine), at most ``limit`` of them.

    Opened without blocking and checked after opening, so a FIFO or a device named
    ``*.sql`` is refused instead of hanging the run.
    """
    return read_with_stat(path, limit)[0]


def read_with_stat(path: Path | str, limit: int = MAX_FILE_BYTES) -> tuple[bytes, os.stat_result]:
    """:func:`read_regular_file`, with the ``fstat`` of the file that was read.

    One ``read`` of size + 1 bytes: a regular file returns fewer only at its end, so a
    short read is the whole file (no second call to see the end), and a file that grew
    since ``fstat`` is seen.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise MigrationFileError(
            f"{path}: cannot read it ({exc.strerror}); check its permissions"
        ) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise MigrationFileError(
                f"{path}: not a regular file (a FIFO, device or socket); migrations must "
                "be plain files"
            )
        if info.st_size > limit:
            raise MigrationFileError(
                f"{path}: {info.st_size} bytes, more than supatools reads "
                f"({limit} bytes); split it into several migrations"
            )
        chunks: list[bytes] = []
        wanted = min(info.st_size, limit) + 1  # one byte more: a file that grew is seen
        while wanted > 0:
            chunk = os.read(fd, wanted)
            chunks.append(chunk)
            if len(chunk) < wanted:
                break  # short read of a regular file: its end
            wanted -= len(chunk)
        data = b"".join(chunks)
    except OSError as exc:
        raise MigrationFileError(f"{path}: cannot read it ({exc.strerror})") from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise MigrationFileError(f"{path}: larger than {limit} bytes; split it")
    return data, info


def _is_sql_name(name: str) -> bool:
    """``*.sql`` in any case, as ``Path.suffix`` sees it (``.sql`` alone is a hidden file)."""
    return len(name) > 4 and name[-4:].lower() == ".sql"


#: ``reuse(entry, path, version, name, down)``: a migration known without reading the file
#: (``--status``'s cache), given its directory entry (one ``stat``); None to read it
Reuse = Callable[["os.DirEntry[str]", Path, str, str, "Path | None"], "MigrationFile | None"]


def _listing(directory: Path) -> list[tuple[str, os.DirEntry[str]]]:
    """The ``*.sql`` entries of ``directory`` that are not folders, sorted by name: names
    and types from one directory read, no ``stat``."""
    try:
        is_dir = directory.is_dir()
    except OSError:
        is_dir = False
    if not is_dir:
        raise UsageError(
            f"migrations folder {directory} does not exist; create it, or point "
            "--migrations-dir / SUPATOOLS_MIGRATIONS_DIR at yours"
        )
    try:
        with os.scandir(directory) as listing:
            # is_dir here, where its rare OSError (no d_type, then a failing stat) is this
            # folder's error, as reading the listing's
            return sorted(
                [
                    (entry.name, entry)
                    for entry in listing
                    if _is_sql_name(entry.name) and not entry.is_dir()
                ],
                key=itemgetter(0),  # names are unique; no Python call per entry
            )
    except OSError as exc:
        raise UsageError(
            f"cannot list the migrations folder {directory} ({exc.strerror}); check its permissions"
        ) from None


def discover(
    directory: Path, on_skip: Callable[[str], None] | None = None, reuse: Reuse | None = None
) -> list[MigrationFile]:
    """All migrations in ``directory`` in version order.

    Names follow the Supabase CLI: ``<digits>_<anything>.sql`` is a migration; a
    ``.sql`` file the CLI would skip is skipped here too, with a warning through
    ``on_skip``; duplicate versions are errors (exit 2); other files are ignored.
    ``reuse`` (``--status`` only; ``migrate`` reads every file) may stand in for reading,
    given one ``stat`` of each migration.
    """
    entries = _listing(directory)
    # a child path without parsing it again (the name is one component): 10,000 files
    # are ~30 ms of ``directory / name``; joinpath where pathlib has no such helper
    child = getattr(directory, "_make_child_relpath", directory.joinpath)
    ups: dict[str, tuple[Path, str, os.DirEntry[str]]] = {}
    downs: dict[str, Path] = {}
    name_rule, down_rule = NAME_RULE.match, DOWN_RULE.match
    for filename, entry in entries:
        path = child(filename)
        if filename.endswith(".down.sql"):  # what DOWN_RULE asks first: one match, not two
            down = down_rule(filename)
            if down:
                downs[down["version"]] = path
                continue
        match = name_rule(filename)
        if not match:
            if on_skip is not None:
                on_skip(
                    f"{path}: skipped, as the Supabase CLI skips it (a migration is named "
                    "<version>_<name>.sql, e.g. 20250327183223_user_profiles.sql)"
                )
            continue
        version = match["version"]
        if version in ups:
            raise MigrationFileError(
                f"duplicate version {version}: {ups[version][0].name} and {filename}; "
                "give one of them a new timestamp"
            )
        ups[version] = (path, match["name"], entry)
    for version, down_path in downs.items():
        if version not in ups:
            raise MigrationFileError(
                f"{down_path}: rollback file without its migration "
                f"({version}_*.sql); rename or remove it"
            )
    found: list[MigrationFile] = []
    for version, (path, name, entry) in sorted(ups.items()):
        down_file = downs.get(version)
        known = reuse(entry, path, version, name, down_file) if reuse is not None else None
        if known is None:
            known = read_migration(path, version, name, down_file)
        found.append(known)
    return found


def find(migrations: list[MigrationFile], reference: str) -> MigrationFile | None:
    """The migration named by a version, a file name or a file name without ``.sql``."""
    ref = Path(reference).name.removesuffix(".sql")
    for migration in migrations:
        if ref in (migration.version, migration.stem):
            return migration
    return None
