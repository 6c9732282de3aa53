"""The only module that talks HTTP to Supabase: the Auth admin probe of ``preflight``.

httpx is used directly rather than supabase-py: the probe needs the raw status code
and Supabase's ``error_code`` (``bad_jwt``, ``not_admin``, …), which the client
library folds into exceptions, and it must bound both the connect and the whole exchange.
"""

from __future__ import annotations

import json
import time
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
    # httpx bounds each phase, not the whole exchange: give the phases after the connect
    # what is left of the total, and check the deadline while the body arrives
    deadline = time.monotonic() + total_timeout
    rest = max(1.0, total_timeout - connect_timeout)
    timeout = httpx.Timeout(rest, connect=connect_timeout)
    try:
        with (
            httpx.Client(timeout=timeout) as client,
            client.stream("GET", url, params={"per_page": 1}, headers=headers) as response,
        ):
            raw = bytearray()
            for chunk in response.iter_bytes():
                raw += chunk
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(f"no complete answer within {total_timeout:g}s")
    except httpx.TimeoutException as exc:
        return AdminProbe(0, None, f"no answer in time ({type(exc).__name__})")
    except httpx.HTTPError as exc:
        return AdminProbe(0, None, f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    error_code: str | None = None
    message = response.reason_phrase
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if isinstance(body, dict):
        raw_code = body.get("error_code") or body.get("code")
        error_code = str(raw_code) if raw_code is not None else None
        message = str(body.get("msg") or body.get("message") or body.get("error") or message)
    return AdminProbe(response.status_code, error_code, message)
