"""Resolve settings once, and keep secrets out of everything that is shown.

Precedence, highest first: command-line flag; environment variable; ``.env`` in
the working directory (never overriding the real environment);
``[tool.supatools]`` in ``pyproject.toml`` (or a ``supatools.toml``); default.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from supatools.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

#: settings that may appear in ``[tool.supatools]`` / ``supatools.toml``
FILE_KEYS = frozenset(
    {
        "db_url",
        "supabase_url",
        "migrations_dir",
        "policies_dir",
        "schemas",
        "lock_timeout",
        "statement_timeout",
        "lock_wait_timeout",
        "connect_timeout",
    }
)

_SECRET_ENV = ("SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SECRET_KEY")


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know, resolved from every source."""

    db_url: str | None = field(default=None, repr=False)
    db_url_source: str = "unset"
    supabase_url: str | None = None
    service_role_key: str | None = field(default=None, repr=False)
    migrations_dir: Path = Path("migrations")
    policies_dir: Path = Path("policies")
    schemas: tuple[str, ...] = ()
    schemas_source: str = "database"
    local: bool = False
    local_dir: Path = Path(".supatools/local")
    lock_timeout: str = "10s"
    statement_timeout: str | None = None
    lock_wait_timeout: float = 60.0
    connect_timeout: int = 10

    def secrets(self) -> tuple[str, ...]:
        """Every secret value known to these settings, for scrubbing output."""
        found: list[str] = []
        if self.db_url:
            found.extend(url_secrets(self.db_url))
        if self.service_role_key:
            found.append(self.service_role_key)
        return tuple(s for s in found if s)


def redact_url(url: str) -> str:
    """Return ``url`` with any password (in the authority or the query) shown as ``***``."""
    if "://" not in url:
        return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparseable URL)"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hostport = netloc.rpartition("@")
        if ":" in userinfo:
            user = userinfo.split(":", 1)[0]
            netloc = f"{user}:***@{hostport}"
    query = re.sub(r"(^|&)(password=)[^&]*", r"\1\2***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def url_secrets(url: str) -> list[str]:
    """The password(s) inside a database URL or conninfo string, raw and URL-decoded."""
    from urllib.parse import unquote

    found: list[str] = []
    if "://" in url:
        try:
            parts = urlsplit(url)
        except ValueError:
            return [url]
        userinfo = parts.netloc.rpartition("@")[0]
        if ":" in userinfo:
            found.append(userinfo.split(":", 1)[1])
        found.extend(re.findall(r"(?:^|&)password=([^&]*)", parts.query))
    else:
        found.extend(m.strip("'") for m in re.findall(r"password\s*=\s*('[^']*'|\S+)", url))
    decoded = [unquote(s) for s in found]
    return [s for s in {*found, *decoded} if s]


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """Replace every known secret in ``text`` with ``***``; longest first."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def _read_file_config(cwd: Path) -> tuple[dict[str, Any], Path | None]:
    """``[tool.supatools]`` from pyproject.toml, else the whole of supatools.toml."""
    for name, table in (("pyproject.toml", ("tool", "supatools")), ("supatools.toml", ())):
        path = cwd / name
        if not path.is_file():
            continue
        try:
            data: Any = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: cannot read it as TOML ({exc}); fix the file") from None
        for key in table:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if not data:
            continue
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.supatools] must be a table")
        unknown = sorted(set(data) - FILE_KEYS)
        if unknown:
            raise ConfigError(
                f"{path}: unknown key {unknown[0]!r} in supatools settings; "
                f"known keys: {', '.join(sorted(FILE_KEYS))}"
            )
        return dict(data), path
    return {}, None


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
    if number <= 0:
        raise ConfigError(f"{name} from {source} must be greater than 0, got {value!r}")
    return number


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
    lock_wait_timeout: float | None = None,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Resolve every setting: flag → environment → ``.env`` → pyproject → default."""
    cwd = cwd or Path.cwd()
    real_env = os.environ if environ is None else environ
    dotenv = _read_dotenv(cwd)
    file_config, file_path = _read_file_config(cwd)
    file_label = str(file_path.name) if file_path else "config file"

    def pick(flag: Any, env_names: tuple[str, ...], file_key: str | None) -> tuple[Any, str]:
        if flag is not None and flag != []:
            return flag, "flag"
        for source_name, source in (("environment", real_env), (".env", dotenv)):
            for env_name in env_names:
                value = source.get(env_name)
                if value:
                    return value, f"{source_name} {env_name}"
        if file_key and file_key in file_config:
            return file_config[file_key], f"{file_label} {file_key}"
        return None, "default"

    url, url_source = pick(db_url, ("SUPABASE_DB_URL", "DATABASE_URL"), "db_url")
    project_url, _ = pick(supabase_url, ("SUPABASE_URL",), "supabase_url")
    key, _ = pick(None, _SECRET_ENV, None)

    mig, mig_source = pick(migrations_dir, ("SUPATOOLS_MIGRATIONS_DIR",), "migrations_dir")
    if mig is None:
        default = cwd / "migrations"
        mig = (
            default
            if default.is_dir() or not (cwd / "supabase/migrations").is_dir()
            else (cwd / "supabase/migrations")
        )
    pol, _ = pick(policies_dir, ("SUPATOOLS_POLICIES_DIR",), "policies_dir")

    raw_schemas, schemas_source = pick(schemas, ("SUPATOOLS_SCHEMAS",), "schemas")
    if isinstance(raw_schemas, str):
        schema_list = [s.strip() for s in raw_schemas.split(",") if s.strip()]
    elif isinstance(raw_schemas, list):
        schema_list = [str(s).strip() for s in raw_schemas if str(s).strip()]
    else:
        schema_list = []

    lock, _ = pick(lock_timeout, ("SUPATOOLS_LOCK_TIMEOUT",), "lock_timeout")
    stmt, _ = pick(statement_timeout, ("SUPATOOLS_STATEMENT_TIMEOUT",), "statement_timeout")
    wait, wait_source = pick(
        lock_wait_timeout, ("SUPATOOLS_LOCK_WAIT_TIMEOUT",), "lock_wait_timeout"
    )
    conn_t, conn_source = pick(None, ("SUPATOOLS_CONNECT_TIMEOUT",), "connect_timeout")

    if url is not None and not isinstance(url, str):
        raise ConfigError(f"database URL from {url_source} must be a string")

    def as_path(value: Any) -> Path:
        path = Path(str(value))
        return path if path.is_absolute() else cwd / path

    return Settings(
        db_url=url,
        db_url_source=url_source,
        supabase_url=project_url,
        service_role_key=key,
        migrations_dir=as_path(mig) if mig_source != "default" else Path(mig),
        policies_dir=as_path(pol if pol is not None else "policies"),
        schemas=tuple(schema_list),
        schemas_source=schemas_source if schema_list else "database",
        local=local,
        local_dir=cwd / ".supatools" / "local",
        lock_timeout=str(lock) if lock is not None else "10s",
        statement_timeout=str(stmt) if stmt is not None else None,
        lock_wait_timeout=(
            _positive_number(wait, "lock-wait timeout", wait_source) if wait is not None else 60.0
        ),
        connect_timeout=(
            max(1, int(_positive_number(conn_t, "connect timeout", conn_source)))
            if conn_t is not None
            else 10
        ),
    )
