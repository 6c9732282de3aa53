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


#: the admin users endpoint answers a page of users; more than this is not that endpoint
MAX_BODY_BYTES = 1 << 20


def probe_admin(
    supabase_url: str, key: str, *, connect_timeout: float = 5.0, total_timeout: float = 10.0
) -> AdminProbe:
    """``GET /auth/v1/admin/users?per_page=1`` with the key, as an admin client would send it.

    New ``sb_secret_…`` keys travel in ``apikey`` only (they are not JWTs; the gateway
    rejects them as a Bearer token); legacy JWT keys go in both headers. One hard
    deadline bounds the whole exchange, headers that trickle in included: the request
    runs in a worker thread that is abandoned when the deadline passes.
    """
    import threading

    outcome: list[AdminProbe] = []
    worker = threading.Thread(
        target=lambda: outcome.append(_exchange(supabase_url, key, connect_timeout, total_timeout)),
        name="supatools-api-probe",
        daemon=True,
    )
    worker.start()
    worker.join(total_timeout)
    if not outcome:
        return AdminProbe(0, None, f"no complete answer within {total_timeout:g}s")
    return outcome[0]


def _exchange(supabase_url: str, key: str, connect_timeout: float, total: float) -> AdminProbe:
    import httpx

    headers = {"User-Agent": f"supatools/{__version__}"}
    if key:
        headers["apikey"] = key
        if not key.startswith("sb_"):
            headers["Authorization"] = f"Bearer {key}"
    url = supabase_url.rstrip("/") + "/auth/v1/admin/users"
    deadline = time.monotonic() + total
    timeout = httpx.Timeout(max(1.0, total - connect_timeout), connect=connect_timeout)
    try:
        with (
            httpx.Client(timeout=timeout) as client,
            client.stream("GET", url, params={"per_page": 1}, headers=headers) as response,
        ):
            raw = bytearray()
            for chunk in response.iter_bytes():
                raw += chunk
                if len(raw) > MAX_BODY_BYTES:
                    return AdminProbe(
                        0,
                        None,
                        f"the answer is larger than {MAX_BODY_BYTES} bytes: not Supabase Auth",
                    )
                if time.monotonic() > deadline:
                    return AdminProbe(0, None, f"no complete answer within {total:g}s")
    except httpx.TimeoutException as exc:
        return AdminProbe(0, None, f"no answer in time ({type(exc).__name__})")
    except (httpx.HTTPError, ValueError, UnicodeError) as exc:
        return AdminProbe(0, None, f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    error_code: str | None = None
    message = response.reason_phrase
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if response.status_code == 200:
        # any 200 is not enough: a proxy's HTML page or a wrong host also answers 200
        if isinstance(body, dict) and isinstance(body.get("users"), list):
            return AdminProbe(200, None, "OK")
        return AdminProbe(
            0, None, "answered 200 but not with Supabase Auth's admin users list (wrong URL?)"
        )
    if isinstance(body, dict):
        raw_code = body.get("error_code") or body.get("code")
        error_code = str(raw_code) if raw_code is not None else None
        message = str(body.get("msg") or body.get("message") or body.get("error") or message)
    return AdminProbe(response.status_code, error_code, message)
