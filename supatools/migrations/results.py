"""What a migration run did: the result types the engine returns and the renderers show."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from supatools.migrations import files
from supatools.migrations import plan as planning
from supatools.migrations.statements import ParsedMigration

if TYPE_CHECKING:
    from supatools.lint import LintFinding
    from supatools.locks import Effect
    from supatools.migrations.seed import Seeded
    from supatools.rls.audit import AuditResult


@dataclass(frozen=True)
class Progress:
    """A migration started (``duration_ms`` is None) or finished. A start may cover a
    message of several: ``through`` is then the last one's index and file."""

    index: int
    total: int
    migration: files.MigrationFile
    duration_ms: int | None
    through: tuple[int, files.MigrationFile] | None = None


@dataclass(frozen=True)
class AppliedMigration:
    """A migration this run applied."""

    version: str
    name: str
    filename: str
    statements: int
    duration_ms: int
    no_transaction: bool


@dataclass(frozen=True)
class MigrateResult:
    """What ``migrate`` did (or, for ``--dry-run``, would do)."""

    mode: str  # "apply" | "dry-run"
    database: str  # redacted
    plan: planning.Plan
    applied: tuple[AppliedMigration, ...]
    to_apply: tuple[ParsedMigration, ...]
    audit: AuditResult | None = None
    rolled_back: bool = False  # --atomic run undone because the audit failed
    folder: Path = Path("migrations")  # the migrations folder the run read
    seeded: Seeded | None = None  # the seed applied after the migrations, if any
    #: --dry-run: what each pending migration locks, by version: (line, effect)
    locks: dict[str, list[tuple[int, Effect]]] = field(default_factory=dict)
    #: --dry-run: live (row estimate, total bytes) of the tables those touch
    sizes: dict[str, tuple[float, int]] = field(default_factory=dict)
    #: --dry-run: lint findings of the pending files
    lint: tuple[LintFinding, ...] = ()


ProgressCallback = Callable[[Progress], None]


def _noop(_: Progress) -> None:
    return None
