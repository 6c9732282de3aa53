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

import re
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
#: a regex for every FRAGMENT_LENGTH-character window of every form (with _forms_cache)
_fragments_cache: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def forget_all() -> None:
    """Drop every learned secret (tests start each command from a clean slate)."""
    global _forms_cache, _fragments_cache
    _known.clear()
    _pending_urls.clear()
    _forms_cache = None
    _fragments_cache = None


def _may_hold_password(url: str) -> bool:
    """False only when ``url`` surely carries no password (no parse needed)."""
    lowered = url.lower()
    if "password" in lowered:
        return True
    if "://" in url:
        # up to the last '@', not the first '/': an unencoded '/' may sit in the password
        rest = url.split("://", 1)[1]
        return "@" in rest and ":" in rest.rsplit("@", 1)[0]
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
    if info is None or misencoded_userinfo(url) is not None:
        # what the user meant, too: libpq reads ``u:pa/ss@h`` as host ``u``, port ``pa``
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


def _must_encode(char: str) -> bool:
    """A character a URL's user part cannot hold unencoded and still mean what it says."""
    return char in "/@#?" or char.isspace() or ord(char) < 32 or ord(char) == 127


def misencoded_userinfo(url: str) -> str | None:
    """None when ``url``'s user part means what it says; else what may be shown of it
    (``user:`` when the user name itself is plain, else nothing).

    libpq ends the user part at the first ``@`` or ``/``: ``u:pa/ss@h`` is host ``u``,
    port ``pa``; ``u:pa@ss@h`` is host ``ss@h``; ``u:p ss@h`` does not parse. So the URL
    is compared with libpq's reading: an ``@`` that libpq put into the host, port or
    database name, or a ``/ @ # ?`` or space in the user part, means the user meant
    another split. An ``@`` in the query (``?application_name=a@b``) is fine.
    """
    if "://" not in url:
        return None  # a keyword string: libpq's quoting rules apply, nothing to guess
    rest = url.split("://", 1)[1]
    if "@" not in rest:
        return None
    before_last_at = rest.rsplit("@", 1)[0]
    info = parse_conninfo(url)
    if info is None:
        bad = any(_must_encode(c) for c in before_last_at)
    else:
        bad = any("@" in info.get(key, "") for key in ("host", "hostaddr", "port", "dbname"))
        first_at, slash = rest.index("@"), rest.find("/")
        if not bad and (slash < 0 or first_at < slash):
            bad = any(_must_encode(c) for c in rest[:first_at])
    if not bad:
        return None
    user = before_last_at.split(":", 1)[0] if ":" in before_last_at else ""
    return f"{user}:" if user and not any(_must_encode(c) for c in user) else ""


#: a fragment of a secret this long or longer never appears in output
FRAGMENT_LENGTH = 4
#: the public head of a key (its kind, not its secret): not scrubbed on its own
_PUBLIC_PREFIXES = ("sb_secret_", "sb_publishable_")


def _public_head(secret: str) -> int:
    """How many leading characters of ``secret`` are public (a key's kind, a JWT header)."""
    for prefix in _PUBLIC_PREFIXES:
        if secret.startswith(prefix):
            return len(prefix)
    if secret.startswith("eyJ") and secret.count(".") == 2:
        # a JWT's header and claims are base64 anyone can decode (alg, role, ref, expiry):
        # its secret is the signature; the whole token is still replaced wherever it appears
        return secret.rindex(".") + 1
    return 0


def _windows(forms: set[str]) -> frozenset[str]:
    """Every FRAGMENT_LENGTH-character window of every form, but those inside a public head.

    Any fragment of FRAGMENT_LENGTH or more characters is a run of overlapping windows,
    so masking every window masks every fragment.
    """
    found: set[str] = set()
    for form in forms:
        start = max(0, _public_head(form) - FRAGMENT_LENGTH + 1)
        last = len(form) - FRAGMENT_LENGTH
        found.update(form[i : i + FRAGMENT_LENGTH] for i in range(start, last + 1))
    # four spaces say nothing of a password, and masking them would break indentation
    return frozenset(window for window in found if not window.isspace())


#: a regex finding any window, and the same in a lookahead (to find overlapping ones)
Fragments = tuple[re.Pattern[str], re.Pattern[str]]


def _fragment_pattern(windows: frozenset[str]) -> Fragments | None:
    """Regexes matching any window, grouped by first character (so the engine skips
    positions no window starts with)."""
    if not windows:
        return None
    by_first: dict[str, list[str]] = {}
    for window in sorted(windows):
        by_first.setdefault(window[0], []).append(re.escape(window[1:]))
    branches = (f"{re.escape(first)}(?:{'|'.join(tails)})" for first, tails in by_first.items())
    any_window = "|".join(branches)
    return re.compile(any_window), re.compile(f"(?=(?:{any_window}))")


def _mask_fragments(text: str, patterns: Fragments) -> str:
    """``text`` with every run of characters covered by a window replaced by ``***``."""
    first = patterns[0].search(text)
    if first is None:  # the common case: one pass of the regex engine, in C
        return text
    size = FRAGMENT_LENGTH
    pieces: list[str] = []
    kept_from = 0
    run_start = run_end = -1
    for match in patterns[1].finditer(text, first.start()):
        index = match.start()
        if index <= run_end:
            run_end = index + size
            continue
        if run_end >= 0:
            pieces += [text[kept_from:run_start], "***"]
            kept_from = run_end
        run_start, run_end = index, index + size
    pieces += [text[kept_from:run_start], "***", text[run_end:]]
    return "".join(pieces)


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
    global _forms_cache, _fragments_cache
    while _pending_urls:
        _known.update(url_secrets(_pending_urls.pop()))
        _forms_cache = None
    if _forms_cache is None:
        forms: set[str] = set()
        for secret in _known:
            forms |= _forms(secret)
        _forms_cache = tuple(sorted(forms, key=len, reverse=True))
        _fragments_cache = _fragment_pattern(_windows(forms))
    return _forms_cache


def scrub(text: str) -> str:
    """``text`` with every known secret, and every fragment of one of FRAGMENT_LENGTH or
    more characters, replaced by ``***`` (a driver's message may quote a password cut
    where libpq misread the URL: its head as a port, its tail as a host)."""
    for value in secrets():
        if value in text:
            text = text.replace(value, "***")
    if _fragments_cache is not None and len(text) >= FRAGMENT_LENGTH:
        text = _mask_fragments(text, _fragments_cache)
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
