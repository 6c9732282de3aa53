"""The migrate use case's part of a run, plugged into the engine as hooks
(:class:`supatools.migrations.apply.Gates`): the preflight prelude, the stand-in notes and
the seed after the migrations, the RLS audit as the verdict; the URL's checks before any
connection; the lint findings of a dry run."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from supatools.migrations import apply, files
from supatools.migrations.results import MigrateResult, ProgressCallback, _noop
from supatools.settings import Settings

if TYPE_CHECKING:
    from supatools.db import Conn
    from supatools.migrations.seed import Seeded, SeedStatement
    from supatools.migrations.statements import ParsedMigration
    from supatools.preflight import DatabaseFacts
    from supatools.preflight.results import CheckResult
    from supatools.rls.audit import AuditResult

    Applied = tuple[ParsedMigration, ...]


def check_db_url(settings: Settings, url: str) -> None:
    """The URL's own checks, before anything connects: a bad URL is exit 2, a refused one
    (a pooler in transaction mode, ...) the plan's refusal."""
    from supatools import preflight
    from supatools.errors import ConfigError, PlanRefused

    for check in preflight.check_db_url(url, settings.db_url_source):
        if check.status == preflight.FAIL:
            error = ConfigError if check.id == "db_url" else PlanRefused
            raise error(f"{check.detail}; {check.hint}")


class MigrateHooks:
    """The hooks of one ``migrate`` run (see :func:`gates`)."""

    def __init__(
        self,
        settings: Settings,
        *,
        verify: bool,
        fail_on: str,
        on_warning: Callable[[str], None],
        seed_statements: list[SeedStatement] | None,
    ) -> None:
        self._settings, self._verify, self._fail_on = settings, verify, fail_on
        self._warn, self._seed_statements = on_warning, seed_statements
        self._facts: DatabaseFacts | None = None
        self._held_defaults: CheckResult | None = None

    def prelude(self, conn: Conn, prefix: list[str]) -> DatabaseFacts:
        """The preflight checks, in one round trip with the session settings ``prefix``:
        a check that blocks migrate refuses the run, the others warn."""
        from supatools import preflight
        from supatools.errors import PlanRefused
        from supatools.migrations.session import refuse_read_only

        facts = preflight.database_facts(conn, self._settings, full=True, prelude=prefix)
        for check in facts.checks:
            if check.status == preflight.FAIL and check.id in preflight.BLOCKS_MIGRATE:
                refuse_read_only(conn)
                raise PlanRefused(f"preflight {check.id}: {check.detail}; {check.hint}")
            if check.id == "default_privileges" and check.status == preflight.WARN:
                # the first migration often sets them: decided after the migrations
                self._held_defaults = check
            elif check.status in (preflight.FAIL, preflight.WARN):
                # grant problems only warn here: the migration itself may be the fix
                self._warn(f"preflight {check.id}: {check.detail}; fix: {check.hint}")
        self._facts = facts
        return facts

    def _default_privileges_settled(self, conn: Conn, applied: Applied) -> None:
        """Warn about default privileges only when the run's migrations did not set them:
        asked again (one round trip) only when one of them says ALTER DEFAULT PRIVILEGES,
        so a run that cannot have changed them costs nothing more."""
        check = self._held_defaults
        if check is None or self._facts is None:
            return
        from supatools import preflight

        if any(_sets_default_privileges(item.migration.text) for item in applied):
            check = preflight.default_privileges_now(conn, self._facts.schemas)
        if check.status != preflight.PASS:
            self._warn(f"preflight {check.id}: {check.detail}; fix: {check.hint}")

    def after_apply(self, conn: Conn, done: apply.AfterApply) -> Seeded | None:
        """The default-privileges warning the prelude held back (when the migrations did
        not set them), the stand-in notes, then the seed: with --seed, or on a fresh local database
        (as ``supabase start``)."""
        self._default_privileges_settled(conn, done.applied)
        for message in standins_created(conn, done.applied):
            self._warn(message)
        settings = self._settings
        fresh_local = settings.local and done.fresh and bool(done.applied)
        if not (settings.seed_files and (settings.seed or fresh_local)):
            return None
        from supatools.migrations import seed

        return seed.apply(
            conn, settings.seed_files, in_transaction=done.atomic, statements=self._seed_statements
        )

    def verdict(self, conn: Conn) -> AuditResult:
        """The RLS audit, on the exposed schemas the prelude learnt."""
        from supatools.rls.audit import audit

        known = None if self._facts is None else (self._facts.schemas, self._facts.schemas_source)
        return audit(conn, self._settings, self._fail_on, known=known)

    def _seen(self, results: list[list[tuple[Any, ...]]]) -> bool:
        """The catalog's fingerprint against the one the last run recorded: one line when
        the database changed outside migrations since (``supatools drift`` says what).
        True when nothing changed (a run that changes nothing then only dates it)."""
        from supatools.drift import fingerprint

        found = fingerprint.changed(results[-1])
        if found is not None and found.count:
            self._warn(fingerprint.warning(found))
        return fingerprint.unchanged(found)

    def gates(self) -> apply.Gates:
        from supatools.drift import fingerprint

        return apply.Gates(
            prelude=self.prelude,
            after_apply=self.after_apply,
            verdict=self.verdict if self._verify else None,
            watch=apply.Watch(
                fingerprint.check(), self._seen, fingerprint.record(), fingerprint.touch()
            ),
            meanwhile=self._load_verdict if self._verify else None,
        )

    @staticmethod
    def _load_verdict() -> None:
        """The audit's modules (~30 ms of imports), loaded while the server applies."""
        import supatools.rls.audit
        import supatools.rls.behaviour  # noqa: F401


def migrate(
    settings: Settings,
    url: str,
    *,
    only: str | None = None,
    include_all: bool = False,
    atomic: bool = False,
    verify: bool = True,
    fail_on: str = "error",
    on_progress: ProgressCallback = _noop,
    on_warning: Callable[[str], None] = lambda _: None,
    local: list[files.MigrationFile] | None = None,
    seed_statements: list[SeedStatement] | None = None,
) -> MigrateResult:
    """Apply every pending migration (or only ``only``), then audit RLS (unless not
    ``verify``). With ``atomic`` everything runs in one transaction that is committed only
    when the audit passes. ``local``: the folder's files when the caller has read them
    already (they carry their text: the run applies what was read); ``seed_statements``
    likewise for the seed (:func:`supatools.migrations.seed.read`)."""
    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    apply.select_file(local, only)  # an unknown --file is said before the URL's checks
    check_db_url(settings, url)
    hooks = MigrateHooks(
        settings,
        verify=verify,
        fail_on=fail_on,
        on_warning=on_warning,
        seed_statements=seed_statements,
    )
    return apply.migrate(
        settings,
        url,
        only=only,
        include_all=include_all,
        atomic=atomic,
        gates=hooks.gates(),
        on_progress=on_progress,
        on_warning=on_warning,
        local=local,
    )


def dry_run(
    settings: Settings,
    url: str,
    *,
    only: str | None = None,
    include_all: bool = False,
    on_warning: Callable[[str], None] | None = None,
    local: list[files.MigrationFile] | None = None,
) -> MigrateResult:
    """The engine's dry run (plan, SQL, locks, table sizes) with the lint findings of the
    pending files."""
    from dataclasses import replace

    from supatools.lint import lint

    if local is None:
        local = files.discover(settings.migrations_dir, on_warning)
    result = apply.dry_run(
        settings, url, only=only, include_all=include_all, on_warning=on_warning, local=local
    )
    pending_paths = {p.migration.path.resolve() for p in result.to_apply}
    if not pending_paths:
        return result
    schemas = settings.schemas or settings.api_schemas or ("public",)
    return replace(result, lint=tuple(lint(local, pending_paths, schemas)))


_CREATE_EXTENSION = re.compile(
    r'create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w$-]+)', re.IGNORECASE
)


#: calls that reach an extension supatools may stand in for, by extension: a run whose
#: migrations call them on a server where that extension is a stand-in says so. One
#: pattern with a group per extension: one search per statement.
_STANDIN_CALL = re.compile(
    r"(?P<pgcrypto>\b(?:crypt|gen_salt|pgp_sym_(?:en|de)crypt\w*|armor|dearmor)\s*\()"
    r"|(?P<uuid_ossp>\buuid_generate_v5\s*\()"
    r"|(?P<pg_cron>\bcron\.\w+\s*\()"
    r"|(?P<pg_net>\bnet\.http_\w+\s*\()"
    r"|(?P<http>\bhttp(?:_get|_post|_put|_patch|_delete|_head)?\s*\()"
    r"|(?P<supabase_vault>\bvault\.\w+)"
    r"|(?P<pg_graphql>\bgraphql(?:_public)?\.\w+\s*\()",
    re.IGNORECASE,
)


#: substrings every match of _STANDIN_CALL contains (a cheap test first)
_STANDIN_KEYS = (
    "crypt",
    "gen_salt",
    "armor",
    "uuid_generate_v5",
    "cron.",
    "net.",
    "http",
    "vault.",
    "graphql",
)


_DEFAULT_PRIVILEGES = re.compile(r"\balter\s+default\s+privileges\b", re.IGNORECASE)


def _sets_default_privileges(text: str) -> bool:
    return "default" in text.lower() and _DEFAULT_PRIVILEGES.search(text) is not None


def standins_created(conn: Conn, parsed: tuple[ParsedMigration, ...]) -> list[str]:
    """A line for each stand-in extension the run created or called into (on the local
    server, pgcrypto's crypt() is not bcrypt, pg_net sends nothing, ...): what works and
    what does not. One query, only when the run created or called such an extension."""
    used: dict[str, str] = {}
    for item in parsed:
        whole = item.migration.text.lower()
        if "extension" not in whole and not any(key in whole for key in _STANDIN_KEYS):
            continue  # most files: one look at the whole text, no statement visited
        for stmt in item.statements:
            match = _CREATE_EXTENSION.match(stmt.text)
            if match:
                name = match.group(1)
                name = name[1:-1].replace('""', '"') if name.startswith('"') else name.lower()
                used.setdefault(name, f"{item.migration.filename}:{stmt.line}")
                continue
            low = stmt.text.lower()
            if not any(key in low for key in _STANDIN_KEYS):
                continue  # most statements: no regex at all
            for found in _STANDIN_CALL.finditer(stmt.text):
                extension = str(found.lastgroup).replace("uuid_ossp", "uuid-ossp")
                used.setdefault(extension, f"{item.migration.filename}:{stmt.line}")
    if not used:
        return []
    from supatools.local import STANDIN_MARK

    rows = conn.execute(
        "SELECT e.extname, a.comment FROM pg_extension e "
        "JOIN pg_available_extensions a ON a.name = e.extname "
        "WHERE e.extname = ANY(%s) AND starts_with(a.comment, %s) ORDER BY 1",
        (list(used), STANDIN_MARK),
    ).fetchall()
    return [
        f"{used[str(name)]}: {name} is a stand-in on this server "
        f"({str(comment).split(':', 1)[-1].strip()})"
        for name, comment in rows
    ]
