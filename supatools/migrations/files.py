"""Discover migration files, read their leading comment block and checksum them.

Nothing here parses SQL: ``--list`` and ``--status`` must start fast, so the
statement-level work (pglast) lives in :mod:`supatools.migrations.statements`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from supatools.errors import MigrationFileError, UsageError

NAME_RULE = re.compile(r"^(?P<version>\d{14})_(?P<name>[a-z0-9_]+)\.sql$")
DOWN_RULE = re.compile(r"^(?P<version>\d{14})_(?P<name>[a-z0-9_]+)\.down\.sql$")
_REQUIRES = re.compile(r"^--\s*requires\s*:\s*(?P<list>.*)$", re.IGNORECASE)
_NO_TRANSACTION = re.compile(r"^--\s*supatools\s*:\s*no-transaction\s*$", re.IGNORECASE)
_REQUIREMENT = re.compile(r"^(?P<version>\d{14})(?:_(?P<name>[a-z0-9_]+))?$")


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
    text: str
    checksum: str
    description: str
    no_transaction: bool
    requires: tuple[Requirement, ...]
    down_path: Path | None

    @property
    def filename(self) -> str:
        return self.path.name

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
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def leading_comment_block(text: str) -> list[tuple[int, str]]:
    """The ``--`` comment lines at the top of the file (blank lines allowed), numbered from 1."""
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("--"):
            break
        block.append((number, line))
    return block


def _parse_header(path: Path, text: str) -> tuple[str, bool, tuple[Requirement, ...]]:
    description = ""
    no_transaction = False
    requires: list[Requirement] = []
    for number, line in leading_comment_block(text):
        if _NO_TRANSACTION.match(line):
            no_transaction = True
            continue
        match = _REQUIRES.match(line)
        if match:
            for item in (part.strip() for part in match["list"].split(",")):
                if not item:
                    continue
                item = item.removesuffix(".sql")
                req = _REQUIREMENT.match(item)
                if not req:
                    raise MigrationFileError(
                        f"{path}:{number}: 'requires: {item}' is not a migration; write a "
                        "14-digit version or a file name such as 20250327183223_user_profiles"
                    )
                requires.append(Requirement(req["version"], req["name"], number))
            continue
        if line.lower().startswith("-- supatools:") or line.lower().startswith("--supatools:"):
            raise MigrationFileError(
                f"{path}:{number}: unknown directive {line!r}; the known one is "
                "'-- supatools:no-transaction'"
            )
        body = line.lstrip("-").strip()
        if body and not description:
            description = body
    return description, no_transaction, tuple(requires)


def read_migration(path: Path, version: str, name: str, down: Path | None) -> MigrationFile:
    """Read one migration file; unreadable or non-UTF-8 files are a ``MigrationFileError``."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MigrationFileError(
            f"{path}: cannot read it ({exc.strerror}); check its permissions"
        ) from None
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
        text=text,
        checksum=checksum(text),
        description=description,
        no_transaction=no_transaction,
        requires=requires,
        down_path=down,
    )


def discover(directory: Path) -> list[MigrationFile]:
    """All migrations in ``directory`` in version order.

    A ``.sql`` file that breaks the naming rule and duplicate versions are errors
    (exit 2); files that are not ``.sql`` are ignored.
    """
    if not directory.is_dir():
        raise UsageError(
            f"migrations folder {directory} does not exist; create it, or point "
            "--migrations-dir / SUPATOOLS_MIGRATIONS_DIR at yours"
        )
    ups: dict[str, tuple[Path, str]] = {}
    downs: dict[str, Path] = {}
    try:
        entries = sorted(directory.iterdir())
    except OSError as exc:
        raise UsageError(f"cannot list {directory} ({exc.strerror})") from None
    for path in entries:
        if path.suffix.lower() != ".sql" or path.is_dir():
            continue
        down = DOWN_RULE.match(path.name)
        if down:
            downs[down["version"]] = path
            continue
        match = NAME_RULE.match(path.name)
        if not match:
            raise MigrationFileError(
                f"{path}: name breaks the rule YYYYMMDDHHMMSS_descriptive_name.sql "
                "(14 digits, then lower-case letters, digits and underscores); rename it"
            )
        version = match["version"]
        if version in ups:
            raise MigrationFileError(
                f"duplicate version {version}: {ups[version][0].name} and {path.name}; "
                "give one of them a new timestamp"
            )
        ups[version] = (path, match["name"])
    for version, down_path in downs.items():
        if version not in ups:
            raise MigrationFileError(
                f"{down_path}: rollback file without its migration "
                f"({version}_*.sql); rename or remove it"
            )
    return [
        read_migration(path, version, name, downs.get(version))
        for version, (path, name) in sorted(ups.items())
    ]


def find(migrations: list[MigrationFile], reference: str) -> MigrationFile | None:
    """The migration named by a version, a file name or a file name without ``.sql``."""
    ref = Path(reference).name.removesuffix(".sql")
    for migration in migrations:
        if ref in (migration.version, migration.stem):
            return migration
    return None
