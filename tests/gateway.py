"""A stand-in for an external service: Supabase's API gateway in front of Auth admin.

Supabase's HTTP API cannot run here, so this small local server answers
``GET /auth/v1/admin/users`` as Supabase documents it: 401 ``no_authorization``
without credentials, 403 ``bad_jwt`` for a token whose signature does not verify
(or an ``sb_`` key sent as a Bearer token), 403 ``not_admin`` for a valid token
of another role, 200 for ``service_role`` or the project's secret key. It checks
real HS256 signatures with a test secret.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

JWT_SECRET = "test-jwt-secret-that-is-long-enough-for-hs256"
SECRET_KEY = "sb_secret_Zm9yLXRlc3RzLW9ubHktbm90LXJlYWw"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return None

    def _answer(self, status: int, body: dict[str, object]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802
        if not self.path.startswith("/auth/v1/admin/users"):
            self._answer(404, {"code": 404, "error_code": "not_found", "msg": "not found"})
            return
        apikey = self.headers.get("apikey")
        authorization = self.headers.get("Authorization", "")
        token = authorization.removeprefix("Bearer ").strip() if authorization else ""
        if token.startswith("sb_"):
            self._answer(
                403,
                {
                    "code": 403,
                    "error_code": "bad_jwt",
                    "msg": "invalid JWT: unable to parse or verify signature",
                },
            )
            return
        if not token and apikey == SECRET_KEY:
            self._answer(200, {"users": [], "aud": "authenticated"})
            return
        if not token:
            self._answer(
                401,
                {
                    "code": 401,
                    "error_code": "no_authorization",
                    "msg": "This endpoint requires a Bearer token",
                },
            )
            return
        try:
            claims = jwt.decode(
                token, JWT_SECRET, algorithms=["HS256"], options={"verify_aud": False}
            )
        except jwt.PyJWTError as exc:
            self._answer(403, {"code": 403, "error_code": "bad_jwt", "msg": f"invalid JWT: {exc}"})
            return
        if claims.get("role") != "service_role":
            self._answer(403, {"code": 403, "error_code": "not_admin", "msg": "User not allowed"})
            return
        self._answer(200, {"users": [], "aud": "authenticated"})


@contextmanager
def gateway() -> Iterator[str]:
    """Run the stand-in on a free loopback port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
