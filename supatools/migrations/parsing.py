"""Parse the pending migrations before anything runs: all at once (:func:`parse_all`), or
on a thread of its own while the run connects (:class:`EarlyParser`)."""

from __future__ import annotations

from collections.abc import Callable

from supatools.migrations import files
from supatools.migrations.statements import ParsedMigration, parse


def parse_all(
    pending: tuple[files.MigrationFile, ...],
    on_warning: Callable[[str], None] | None = None,
    strict: bool = False,
) -> tuple[ParsedMigration, ...]:
    """Parse every pending migration before anything runs; say each notice."""
    parsed = tuple(parse(m, strict) for m in pending)
    for item in parsed:
        if item.notice and on_warning is not None:
            on_warning(item.notice)
    return parsed


class EarlyParser:
    """Parses the local files newest first on a thread of its own while the run connects,
    checks and takes the lock (waits on the network, with the GIL released), so that the
    pending files, usually the newest, are parsed when the plan is known. ``take`` then
    stops it and parses what it did not reach, reporting notices and errors of the
    pending files in their order, exactly as :func:`parse_all` does."""

    def __init__(self, local: list[files.MigrationFile], strict: bool) -> None:
        import threading

        self._strict = strict
        self._done: dict[str, ParsedMigration | Exception] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(list(reversed(local)),), name="supatools-parse", daemon=True
        )
        self._thread.start()

    def _run(self, newest_first: list[files.MigrationFile]) -> None:
        for migration in newest_first:
            if self._stop.is_set():
                return
            try:
                self._done[migration.version] = parse(migration, self._strict)
            except Exception as exc:  # kept for take(): only a pending file's error counts
                self._done[migration.version] = exc

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def take(
        self,
        pending: tuple[files.MigrationFile, ...],
        on_warning: Callable[[str], None] | None = None,
    ) -> tuple[ParsedMigration, ...]:
        self.stop()
        parsed: list[ParsedMigration] = []
        for migration in pending:
            done = self._done.get(migration.version)
            if done is None or (
                isinstance(done, ParsedMigration) and done.migration.path != migration.path
            ):
                done = parse(migration, self._strict)
            if isinstance(done, Exception):
                raise done
            parsed.append(done)
        for item in parsed:
            if item.notice and on_warning is not None:
                on_warning(item.notice)
        return tuple(parsed)
