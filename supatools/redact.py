"""The one redaction module: learn secrets from the parsed configuration, scrub them
from everything shown, and display database URLs without them.

Secrets are learned from libpq's own parse of a database URL or keyword string
(psycopg's ``conninfo_to_dict``), never from pattern matching on the input: a password
may hold ``# ? / @ : [ ] ' %`` or spaces, and libpq accepts many of them unencoded.
A URL is shown rebuilt from its parsed parts, never as the string the user gave.

Parsing needs psycopg, whose import costs more than the interpreter start, so URLs
are parsed lazily: the first time a secret is needed (or never, for ``--list``),
and not at all for a URL that cannot carry a password (``postgresql://u@host/db``).
The crash handler, every output stream and every renderer use this module.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

#: conninfo keys whose values are secret
SECRET_KEYS = ("password", "sslpassword")
#: a secret shorter than this is not replaced in free text (it would mangle output);
#: it is still never shown where a URL is displayed
MIN_SCRUB_LENGTH = 3

_known: set[str] = set()
_pending_urls: list[str] = []
#: every form of every known secret, longest first; None after something new is learned
_forms_cache: tuple[str, ...] | None = None


def forget_all() -> None:
    """Drop every learned secret (tests start each command from a clean slate)."""
    global _forms_cache
    _known.clear()
    _pending_urls.clear()
    _forms_cache = None


def _may_hold_password(url: str) -> bool:
    """False only when ``url`` surely carries no password (no parse needed)."""
    lowered = url.lower()
    if "password" in lowered:
        return True
    if "://" in url:
        authority = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
        return "@" in authority and ":" in authority.rsplit("@", 1)[0]
    return True  # a keyword string: let libpq decide


def learn_url(url: str | None) -> None:
    """Remember a database URL or keyword string; its secrets are found when needed."""
    if url and _may_hold_password(url) and url not in _pending_urls:
        _pending_urls.append(url)  # the next secrets() parses it and drops the cache


def learn_secret(value: str | None) -> None:
    """Remember a secret value (a key) as given and with surrounding whitespace removed."""
    global _forms_cache
    if value and value not in _known:
        _known.add(value)
        if value.strip():
            _known.add(value.strip())
        _forms_cache = None


def parse_conninfo(url: str) -> dict[str, str] | None:
    """libpq's parse of ``url`` (None when libpq cannot parse it)."""
    try:
        from psycopg.conninfo import conninfo_to_dict
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    try:
        return {k: str(v) for k, v in conninfo_to_dict(url).items() if v is not None}
    except Exception:
        return None


def url_secrets(url: str) -> list[str]:
    """Every secret inside a database URL or keyword string, as libpq reads it.

    When libpq cannot parse the string, every piece of it that could be a password
    (the text after ``:`` in the authority, after ``password=``) is taken, raw.
    """
    info = parse_conninfo(url)
    found: list[str] = []
    if info is not None:
        found.extend(info[k] for k in SECRET_KEYS if info.get(k))
    else:
        found.extend(_unparsed_candidates(url))
    raw_forms = [*found]
    for value in found:
        raw_forms.append(quote(value, safe=""))
        raw_forms.append(quote(value, safe="!$&'()*+,;=:@"))
        raw_forms.append(unquote(value))
    return [s for s in dict.fromkeys(raw_forms) if s]


def _unparsed_candidates(url: str) -> list[str]:
    """Conservative guesses for a string libpq refused: never print any of it anyway."""
    candidates: list[str] = []
    if "://" in url:
        rest = url.split("://", 1)[1]
        if "@" in rest:
            userinfo = rest.rsplit("@", 1)[0]
            if ":" in userinfo:
                candidates.append(userinfo.split(":", 1)[1])
    lowered = url.lower()
    start = 0
    while (index := lowered.find("password", start)) >= 0:
        tail = url[index + len("password") :].lstrip(" =")
        end = len(tail)
        for stop in ("&", " ", "\n"):
            pos = tail.find(stop)
            if 0 <= pos < end:
                end = pos
        if tail[:end]:
            candidates.append(tail[:end].strip("'\""))
        start = index + 1
    return candidates


def _forms(secret: str) -> set[str]:
    """The ways a secret can appear in text: raw, escaped by repr/JSON, as bytes."""
    forms = {secret, secret.strip()}
    forms.add(repr(secret)[1:-1])
    import json

    forms.add(json.dumps(secret)[1:-1])
    forms.add(repr(secret.encode("utf-8", "surrogateescape"))[2:-1])
    stripped = secret.strip()
    if stripped:
        forms.add(repr(stripped)[1:-1])
    return {f for f in forms if len(f) >= MIN_SCRUB_LENGTH}


def secrets() -> tuple[str, ...]:
    """Every known secret in every form it may be printed in, longest first."""
    global _forms_cache
    while _pending_urls:
        _known.update(url_secrets(_pending_urls.pop()))
        _forms_cache = None
    if _forms_cache is None:
        forms: set[str] = set()
        for secret in _known:
            forms |= _forms(secret)
        _forms_cache = tuple(sorted(forms, key=len, reverse=True))
    return _forms_cache


def scrub(text: str) -> str:
    """``text`` with every known secret replaced by ``***``."""
    for value in secrets():
        if value in text:
            text = text.replace(value, "***")
    return text


def show_url(url: str) -> str:
    """The URL to show: rebuilt from libpq's parse, password as ``***``, nothing else secret.

    ``postgresql://postgres:***@db.example.co:5432/postgres?sslmode=require``
    """
    info = parse_conninfo(url)
    if info is None:
        return "(a database URL that libpq cannot parse)"
    user = info.get("user", "")
    secret = "***" if any(info.get(k) for k in SECRET_KEYS) else ""
    userinfo = quote(user, safe="") + (":" + secret if secret else "")
    hosts = info.get("host") or info.get("hostaddr") or ""
    ports = info.get("port", "")
    host_list = hosts.split(",") if hosts else [""]
    port_list = ports.split(",") if ports else []
    authority_parts = []
    for index, host in enumerate(host_list):
        shown_host = f"[{host}]" if ":" in host else quote(host, safe="/.-_~")
        port = port_list[index] if index < len(port_list) else (port_list[0] if port_list else "")
        authority_parts.append(shown_host + (f":{port}" if port else ""))
    authority = ",".join(authority_parts)
    if userinfo:
        authority = f"{userinfo}@{authority}"
    dbname = quote(info.get("dbname", ""), safe="")
    skip = {"user", "host", "hostaddr", "port", "dbname", *SECRET_KEYS}
    query = "&".join(
        f"{key}={quote(value, safe='')}"
        for key, value in sorted(info.items())
        if key not in skip and value
    )
    return f"postgresql://{authority}/{dbname}" + (f"?{query}" if query else "")
