"""The only module that talks HTTP to Supabase: the Auth admin probe of ``preflight``.

httpx is used directly rather than supabase-py: the probe needs the raw status code
and Supabase's ``error_code`` (``bad_jwt``, ``not_admin``, …), which the client
library folds into exceptions, and it must set its own connect/total timeouts.
"""

from __future__ import annotations

from dataclasses import dataclass

from supatools import __version__


@dataclass(frozen=True)
class AdminProbe:
    """What the project's Auth admin endpoint answered (``status`` 0: no answer)."""

    status: int
    error_code: str | None
    message: str


def probe_admin(
    supabase_url: str, key: str, *, connect_timeout: float = 5.0, total_timeout: float = 10.0
) -> AdminProbe:
    """``GET /auth/v1/admin/users?per_page=1`` with the key, as an admin client would send it.

    New ``sb_secret_…`` keys travel in ``apikey`` only (they are not JWTs; the gateway
    rejects them as a Bearer token); legacy JWT keys go in both headers.
    """
    import httpx

    headers = {"User-Agent": f"supatools/{__version__}"}
    if key:
        headers["apikey"] = key
        if not key.startswith("sb_"):
            headers["Authorization"] = f"Bearer {key}"
    url = supabase_url.rstrip("/") + "/auth/v1/admin/users"
    timeout = httpx.Timeout(total_timeout, connect=connect_timeout)
    try:
        response = httpx.get(url, params={"per_page": 1}, headers=headers, timeout=timeout)
    except httpx.TimeoutException as exc:
        return AdminProbe(0, None, f"no answer in time ({type(exc).__name__})")
    except httpx.HTTPError as exc:
        return AdminProbe(0, None, f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    error_code: str | None = None
    message = response.reason_phrase
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw_code = body.get("error_code") or body.get("code")
        error_code = str(raw_code) if raw_code is not None else None
        message = str(body.get("msg") or body.get("message") or body.get("error") or message)
    return AdminProbe(response.status_code, error_code, message)
