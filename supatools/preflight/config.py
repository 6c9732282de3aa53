"""Checks of the configuration and the key (no network), and of the project's API."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from supatools.preflight.results import (
    FAIL,
    PASS,
    SKIP,
    CheckResult,
)
from supatools.redact import show_url

if TYPE_CHECKING:
    pass

# --- configuration and key (no network) -------------------------------------------------


def check_db_url(url: str | None, source: str) -> Iterator[CheckResult]:
    """The URL is present, parseable and not Supabase's transaction pooler."""
    if not url:
        yield CheckResult(
            "db_url",
            FAIL,
            "no database URL",
            "pass --db-url, or set SUPABASE_DB_URL (or DATABASE_URL), or use --local",
        )
        return
    from supatools.db import EXPECTED_URL, foreign_scheme

    scheme = foreign_scheme(url)
    if scheme is not None:
        yield CheckResult("db_url", FAIL, f"{scheme}:// is not a PostgreSQL URL", EXPECTED_URL)
        return
    from supatools.redact import parse_conninfo

    info = parse_conninfo(url)
    if info is None:
        yield CheckResult(
            "db_url", FAIL, f"{show_url(url)} cannot be parsed by libpq", EXPECTED_URL
        )
        return
    yield CheckResult("db_url", PASS, f"{show_url(url)} (from {source})")
    import os

    # the port libpq will really use: the URL's, else PGPORT, else 5432; one per host
    ports = str(info.get("port") or os.environ.get("PGPORT") or "5432").split(",")
    host = str(info.get("host") or os.environ.get("PGHOST") or "")
    if "6543" in (p.strip() for p in ports):
        yield CheckResult(
            "pooler",
            FAIL,
            f"{host}:6543 is Supabase's transaction pooler: no session advisory locks, no "
            "prepared statements",
            f"use the session-mode or direct URL on port 5432: {show_url(session_url(url))}",
        )
    else:
        yield CheckResult("pooler", PASS, f"port {','.join(ports)} is not the transaction pooler")


def session_url(url: str) -> str:
    """The same connection on port 5432 (Supabase's session pooler / direct connection),
    built from libpq's parse, for every host of a multi-host URL."""
    from psycopg.conninfo import make_conninfo

    from supatools.redact import parse_conninfo

    info = parse_conninfo(url) or {}
    hosts = info.get("host", "").split(",") if info.get("host") else [""]
    info["port"] = ",".join("5432" for _ in hosts)
    return make_conninfo(**info)


def project_ref(supabase_url: str | None) -> str | None:
    """``<ref>`` of ``https://<ref>.supabase.co``; None for other hosts."""
    if not supabase_url:
        return None
    try:
        host = urlsplit(supabase_url).hostname or ""
    except ValueError:
        return None
    if host.endswith(".supabase.co") and host.count(".") == 2:
        return host.split(".")[0]
    return None


def check_key(
    key: str | None,
    supabase_url: str | None,
    now: float | None = None,
    trimmed_whitespace: bool = False,
) -> CheckResult:
    """The key is a service-role key: a legacy JWT with role service_role, or sb_secret_."""
    if not key:
        return CheckResult(
            "service_key",
            SKIP,
            "no key: SUPABASE_SERVICE_ROLE_KEY / SUPABASE_SECRET_KEY is not set",
            "set one of them in the environment to check the key (never on the command line)",
        )
    trimmed = " (surrounding whitespace removed)" if trimmed_whitespace else ""
    if not key.isascii() or not key.isprintable():
        return CheckResult(
            "service_key",
            FAIL,
            "the key holds characters that are not printable ASCII; keys never do",
            "copy the key again from the project's API settings (a copy-paste accident?)",
        )
    if key.startswith("sb_secret_"):
        return CheckResult("service_key", PASS, f"an sb_secret_ key (shape checked){trimmed}")
    if key.startswith("sb_publishable_"):
        return CheckResult(
            "service_key",
            FAIL,
            "this is a publishable key, meant for browsers",
            "use the project's secret key (sb_secret_...) or the legacy service_role key",
        )
    import jwt

    try:
        claims: dict[str, Any] = jwt.decode(key, options={"verify_signature": False})
    except jwt.PyJWTError:
        return CheckResult(
            "service_key",
            FAIL,
            "not a recognised Supabase key (neither a JWT nor sb_secret_)",
            "copy the secret or service_role key from the project's API settings",
        )
    role = claims.get("role")
    if role != "service_role":
        return CheckResult(
            "service_key",
            FAIL,
            f"a JWT for role {role!r}, not service_role",
            "an anon or authenticated key cannot bypass RLS; use the service_role key",
        )
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and exp < (now if now is not None else time.time()):
        return CheckResult(
            "service_key",
            FAIL,
            "the service_role JWT has expired",
            "copy the current key from the project's API settings",
        )
    expected = project_ref(supabase_url)
    ref = claims.get("ref")
    if expected and ref and ref != expected:
        return CheckResult(
            "service_key",
            FAIL,
            f"the key is for project {ref!r}, SUPABASE_URL is {expected!r}",
            "use the key and the URL of the same project",
        )
    where = f" for project {ref!r}" if ref else ""
    return CheckResult("service_key", PASS, f"a service_role JWT{where}{trimmed}")


def check_api(supabase_url: str | None, key: str | None) -> CheckResult:
    """The project's Auth admin API accepts the key as an admin."""
    if not supabase_url:
        return CheckResult(
            "api_admin",
            SKIP,
            "no project URL: API checks are skipped",
            "set SUPABASE_URL (or pass --supabase-url) to check the key against the API",
        )
    if not key:
        return CheckResult("api_admin", SKIP, "no key to try against the API", "")
    if not key.isascii() or not key.isprintable():
        return CheckResult("api_admin", SKIP, "the key is malformed (see service_key)", "")
    try:
        parts = urlsplit(supabase_url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return CheckResult(
            "api_admin",
            FAIL,
            f"the project URL is not a valid URL ({exc})",
            "set SUPABASE_URL to https://<ref>.supabase.co",
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return CheckResult(
            "api_admin",
            FAIL,
            "the project URL is not an http(s) URL with a host",
            "set SUPABASE_URL to https://<ref>.supabase.co",
        )
    from supatools.api import probe_admin

    probe = probe_admin(supabase_url, key)
    where = f"{supabase_url.rstrip('/')}/auth/v1/admin/users"
    if probe.status == 200:
        return CheckResult("api_admin", PASS, f"{where} accepts the key as an admin")
    if probe.status == 0:
        return CheckResult(
            "api_admin",
            FAIL,
            f"{where}: {probe.message}",
            "check SUPABASE_URL and the network (DNS, TLS, proxy)",
        )
    code = f" ({probe.error_code})" if probe.error_code else ""
    return CheckResult(
        "api_admin",
        FAIL,
        f"{where} answered {probe.status}{code}: {probe.message}",
        "use the project's secret or service_role key; anon and publishable keys are not admins",
    )
