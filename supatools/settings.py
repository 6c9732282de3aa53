"""Resolve settings once, and keep secrets out of everything that is shown.

Precedence, highest first: command-line flag; environment variable; ``.env`` in
the working directory (never overriding the real environment);
``[tool.supatools]`` in ``pyproject.toml`` (or a ``supatools.toml``); default.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from supatools.errors import ConfigError
from supatools.settings_file import (
    FILE_KEYS,
    SupabaseConfig,
    _read_file_config,
    _supabase_config,
    _toml,
    read_api_schemas,
    read_project_database,
    read_seed_files,
)
from supatools.workdir import project_root

__all__ = [
    "FILE_KEYS",
    "LARGE_TABLE",
    "Settings",
    "SupabaseConfig",
    "_toml",
    "parse_duration",
    "read_api_schemas",
    "read_project_database",
    "read_seed_files",
    "resolve",
]

#: a table is large, for lint, from 1M rows or 1 GB ([tool.supatools.lint] large_table_*)
LARGE_TABLE = (1_000_000, 1 << 30)

_SECRET_ENV = ("SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SECRET_KEY")


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know, resolved from every source."""

    db_url: str | None = field(default=None, repr=False)
    db_url_source: str = "unset"
    supabase_url: str | None = None
    service_role_key: str | None = field(default=None, repr=False)
    service_role_key_trimmed: bool = False  # surrounding whitespace was removed
    migrations_dir: Path = Path("migrations")
    policies_dir: Path = Path("policies")
    schemas: tuple[str, ...] = ()
    schemas_source: str = "database"
    #: a schema named by flag, environment or settings file must exist (a typo is exit 2);
    #: one from supabase/config.toml may not exist yet (its migration has not run)
    schemas_must_exist: bool = True
    #: ``[api] schemas`` of supabase/config.toml: what the project's API serves
    api_schemas: tuple[str, ...] = ()
    local: bool = False
    local_dir: Path = Path(".supatools/local")
    lock_timeout: str = "10s"
    statement_timeout: str | None = None
    lock_wait_timeout: float = 60.0
    connect_timeout: int = 10
    #: default grants of the local server's database: "explicit" (projects created since
    #: 2026-10-30: none) or "legacy" (anon, authenticated, service_role get new objects);
    #: "auto", or no source setting it, lets supatools.era decide from the project
    local_grants: str = "explicit"
    #: where ``local_grants`` came from ("default": nobody set it, the era decides)
    local_grants_source: str = "default"
    #: the local server's port; None: the project's stable default
    local_port: int | None = None
    #: refuse files that are not atomic as written (own COMMITs, CONCURRENTLY) instead of
    #: running them statement by statement as psql and the Supabase CLI do
    strict: bool = False
    #: the seed files (supabase/config.toml [db.seed], else supabase/seed.sql)
    seed_files: tuple[Path, ...] = ()
    #: listed seed patterns that matched no file (said when a run applies the seed)
    seed_warnings: tuple[str, ...] = ()
    #: --seed: apply them after the migrations on any database (else only on a fresh
    #: local one)
    seed: bool = False
    #: [tool.supatools.lint]: rule -> level ("off" | "info" | "warn" | "error")
    lint_levels: dict[str, str] = field(default_factory=dict)
    #: [tool.supatools.lint] large_table_rows / large_table_bytes: when a table is large
    lint_large_table: tuple[int, int] = LARGE_TABLE
    #: where `backup` and `migrate --backup` write their dumps
    backup_dir: Path = Path(".supatools/backups")
    #: supabase/config.toml [db] major_version: the PostgreSQL the hosted project runs
    project_major: int | None = None
    #: the local database's search_path after "$user" ([api] extra_search_path)
    search_path: tuple[str, ...] = ("public", "extensions")


def _lint_settings(raw: Any, source: str) -> tuple[dict[str, str], tuple[int, int]]:
    """[tool.supatools.lint], checked against the lint rules (imported only when set)."""
    if not raw:
        return {}, LARGE_TABLE
    from supatools.lint import levels_from

    return levels_from(dict(raw), source)


def _read_dotenv(cwd: Path) -> dict[str, str]:
    path = cwd / ".env"
    if not path.is_file():
        return {}
    from dotenv import dotenv_values

    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def _positive_number(value: object, name: str, source: str) -> float:
    try:
        number = float(str(value))
    except ValueError:
        raise ConfigError(
            f"{name} from {source} must be a number of seconds, got {value!r}"
        ) from None
    if not math.isfinite(number) or number <= 0:
        raise ConfigError(f"{name} from {source} must be greater than 0, got {value!r}")
    return number


#: PostgreSQL's timeouts are an int of milliseconds
MAX_TIMEOUT_MS = 2**31 - 1
#: compiled when a duration is given (start-up)
_DURATION = r"^\s*(?P<number>\d+(?:\.\d*)?|\.\d+)\s*(?P<unit>ms|s|sec|min|h)?\s*$"
_UNIT_MS = {"ms": 1.0, "s": 1000.0, "sec": 1000.0, "min": 60_000.0, "h": 3_600_000.0}


def parse_duration(value: object, name: str, source: str) -> int:
    """Milliseconds of ``5s``, ``500ms``, ``2min``, ``1h`` or a bare number of seconds.

    Never rounded to 0 (which PostgreSQL reads as "wait forever"): a positive duration
    shorter than a millisecond becomes 1 ms. Zero, negatives, NaN, infinity and values
    beyond PostgreSQL's limit (about 24 days) are bad input.
    """
    match = re.match(_DURATION, str(value), re.IGNORECASE)
    if not match:
        raise ConfigError(
            f"{name} from {source} is {value!r}; write a duration such as 5s, 500ms, 2min "
            "or a number of seconds"
        )
    number = float(match["number"])
    ms = number * _UNIT_MS[(match["unit"] or "s").lower()]
    if ms <= 0:
        raise ConfigError(f"{name} from {source} must be greater than 0, got {value!r}")
    if ms > MAX_TIMEOUT_MS:
        raise ConfigError(
            f"{name} from {source} is {value!r}, beyond PostgreSQL's limit of "
            f"{MAX_TIMEOUT_MS} ms (about 24 days)"
        )
    return max(1, math.ceil(ms))


class _Sources:
    """Where a setting may come from, below its flag: environment, ``.env``, settings file.
    (A plain class: a dataclass costs its generated methods' compiling at every start.)"""

    __slots__ = ("dotenv", "environ", "file_config", "file_label")

    def __init__(
        self,
        environ: Mapping[str, str],
        dotenv: Mapping[str, str],
        file_config: Mapping[str, Any],
        file_label: str,
    ) -> None:
        self.environ = environ
        self.dotenv = dotenv
        self.file_config = file_config
        self.file_label = file_label

    def pick(self, flag: Any, env_names: tuple[str, ...], file_key: str | None) -> tuple[Any, str]:
        """The value of the highest source that sets it, and that source's name."""
        if flag is not None and flag != []:
            return flag, "flag"
        for source_name, source in (("environment", self.environ), (".env", self.dotenv)):
            for env_name in env_names:
                value = source.get(env_name)
                if value:
                    return value, f"{source_name} {env_name}"
        if file_key and file_key in self.file_config:
            return self.file_config[file_key], f"{self.file_label} {file_key}"
        return None, "default"


def _learn_secrets(db_url: str | None, sources: _Sources) -> None:
    """Learn every secret any source holds, chosen or not: a crash must not show any."""
    from supatools import redact

    redact.learn_url(db_url)
    for source in (sources.environ, sources.dotenv):
        for name in ("SUPABASE_DB_URL", "DATABASE_URL"):
            redact.learn_url(source.get(name))
        for name in _SECRET_ENV:
            redact.learn_secret(source.get(name))
    if isinstance(sources.file_config.get("db_url"), str):
        redact.learn_url(sources.file_config["db_url"])


def _default_migrations_dir(cwd: Path) -> Path:
    """``migrations/``, else ``supabase/migrations/`` (also when only supabase/config.toml
    says it is a Supabase CLI project); both is exit 2 (never guess)."""
    plain, cli = cwd / "migrations", cwd / "supabase" / "migrations"
    if plain.is_dir() and cli.is_dir():
        # never guess which of two histories a run should apply
        raise ConfigError(
            f"both {plain} and {cli} exist; say which to use with --migrations-dir "
            "(or SUPATOOLS_MIGRATIONS_DIR / migrations_dir in pyproject.toml)"
        )
    if plain.is_dir():
        return plain
    # a Supabase CLI project: its folder, even before it exists (`new` creates it there)
    return cli if cli.is_dir() or (cwd / "supabase" / "config.toml").is_file() else plain


def _schema_list(raw_schemas: Any) -> list[str]:
    """Schema names from a comma list or a list of them (``--schema`` is repeatable)."""
    if isinstance(raw_schemas, str):
        return [s.strip() for s in raw_schemas.split(",") if s.strip()]
    if isinstance(raw_schemas, list):  # --schema is repeatable, and commas split it too
        return [part.strip() for s in raw_schemas for part in str(s).split(",") if part.strip()]
    return []


def _local_options(sources: _Sources, local_port: int | None) -> dict[str, Any]:
    """The local server's port (None: the project's stable one), default grants and where
    the grants setting came from, as Settings fields."""
    grants, grants_source = sources.pick(None, ("SUPATOOLS_LOCAL_GRANTS",), "local_grants")
    port, port_source = sources.pick(local_port, ("SUPATOOLS_LOCAL_PORT",), "local_port")
    if port is not None:
        try:
            port = int(str(port))
        except ValueError:
            port = -1
        if not 1024 <= port <= 65535:
            raise ConfigError(f"local port from {port_source} must be a number from 1024 to 65535")
    grants = str(grants or "explicit").strip().lower()
    if grants not in ("explicit", "legacy", "auto"):
        raise ConfigError(
            f'local grants from {grants_source} is {grants!r}; use "explicit" (projects '
            'created since 2026-10-30), "legacy" (the default grants of older projects) or '
            '"auto" (decided from the first migration\'s date)'
        )
    # the file keys are flat inside; a person wrote them as [tool.supatools.local] grants/port
    shown = grants_source.removesuffix(" local_grants")
    if shown != grants_source:
        grants_source = f"{shown} [tool.supatools.local] grants"
    return {"local_port": port, "local_grants": grants, "local_grants_source": grants_source}


def _timeouts(
    sources: _Sources,
    lock_timeout: str | None,
    statement_timeout: str | None,
    lock_wait_timeout: str | float | None,
) -> dict[str, Any]:
    """lock_timeout, statement_timeout, lock_wait_timeout and connect_timeout, checked."""
    lock, lock_source = sources.pick(lock_timeout, ("SUPATOOLS_LOCK_TIMEOUT",), "lock_timeout")
    stmt, stmt_source = sources.pick(
        statement_timeout, ("SUPATOOLS_STATEMENT_TIMEOUT",), "statement_timeout"
    )
    wait, wait_source = sources.pick(
        lock_wait_timeout, ("SUPATOOLS_LOCK_WAIT_TIMEOUT",), "lock_wait_timeout"
    )
    conn_t, conn_source = sources.pick(None, ("SUPATOOLS_CONNECT_TIMEOUT",), "connect_timeout")
    return {
        "lock_timeout": (
            f"{parse_duration(lock, 'lock timeout', lock_source)}ms" if lock is not None else "10s"
        ),
        "statement_timeout": (
            f"{parse_duration(stmt, 'statement timeout', stmt_source)}ms"
            if stmt is not None
            else None
        ),
        "lock_wait_timeout": (
            parse_duration(wait, "lock-wait timeout", wait_source) / 1000
            if wait is not None
            else 60.0
        ),
        "connect_timeout": (
            max(1, int(_positive_number(conn_t, "connect timeout", conn_source)))
            if conn_t is not None
            else 10
        ),
    }


def resolve(
    *,
    db_url: str | None = None,
    supabase_url: str | None = None,
    migrations_dir: Path | None = None,
    policies_dir: Path | None = None,
    schemas: list[str] | None = None,
    local: bool = False,
    lock_timeout: str | None = None,
    statement_timeout: str | None = None,
    lock_wait_timeout: str | float | None = None,
    local_port: int | None = None,
    strict: bool = False,
    seed: bool = False,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting: flag → environment → ``.env`` → pyproject → default."""
    cwd = cwd or project_root(os.environ if environ is None else environ)  # --workdir, else up
    file_config, file_path = _read_file_config(cwd)
    file_label = str(file_path.name) if file_path else "config file"
    sources = _Sources(
        os.environ if environ is None else environ, _read_dotenv(cwd), file_config, file_label
    )
    pick = sources.pick
    _learn_secrets(db_url, sources)

    url, url_source = pick(db_url, ("SUPABASE_DB_URL", "DATABASE_URL"), "db_url")
    project_url, _ = pick(supabase_url, ("SUPABASE_URL",), "supabase_url")
    raw_key, _ = pick(None, _SECRET_ENV, None)
    # a trailing newline or tab is a common accident of CI secrets; headers refuse it
    key = raw_key.strip() if isinstance(raw_key, str) else None

    mig, _ = pick(migrations_dir, ("SUPATOOLS_MIGRATIONS_DIR",), "migrations_dir")
    pol, _ = pick(policies_dir, ("SUPATOOLS_POLICIES_DIR",), "policies_dir")
    raw_schemas, schemas_source = pick(schemas, ("SUPATOOLS_SCHEMAS",), "schemas")
    schema_list = _schema_list(raw_schemas)
    supabase_config = _supabase_config(cwd)
    lint_levels, large_table = _lint_settings(file_config.get("lint_levels", {}), file_label)
    api_schemas = read_api_schemas(cwd, supabase_config)
    must_exist = bool(schema_list) or not api_schemas
    if not must_exist:
        schema_list, schemas_source = list(api_schemas), "supabase/config.toml [api] schemas"
    project_major, search_path = read_project_database(cwd, supabase_config)
    seed_notes: list[str] = []
    backups, _ = pick(None, ("SUPATOOLS_BACKUP_DIR",), "backup_dir")
    local_options = _local_options(sources, local_port)
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"database URL from {url_source} must be a string")

    def as_path(value: Any) -> Path:
        return Path(str(value)) if Path(str(value)).is_absolute() else cwd / str(value)

    return Settings(
        db_url=url,
        db_url_source=url_source,
        supabase_url=project_url,
        service_role_key=key or None,
        service_role_key_trimmed=bool(raw_key) and key != raw_key,
        migrations_dir=as_path(mig) if mig is not None else _default_migrations_dir(cwd),
        policies_dir=as_path(pol if pol is not None else "policies"),
        schemas=tuple(schema_list),
        schemas_source=schemas_source if schema_list else "database",
        schemas_must_exist=must_exist,
        api_schemas=api_schemas,
        local=local,
        local_dir=cwd / ".supatools" / "local",
        strict=strict,
        seed=seed,
        seed_files=read_seed_files(cwd, supabase_config, seed_notes),
        seed_warnings=tuple(seed_notes),
        project_major=project_major,
        search_path=search_path,
        backup_dir=cwd / str(backups) if backups else cwd / ".supatools" / "backups",
        lint_levels=lint_levels,
        lint_large_table=large_table,
        **_timeouts(sources, lock_timeout, statement_timeout, lock_wait_timeout),
        **local_options,
    )
