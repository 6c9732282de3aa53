"""Turn results into Rich tables for people and JSON for machines.

Results go to stdout, diagnostics and progress to stderr. Both streams pass
through a scrubber that replaces every known secret with ``***``: a second
line of defence behind redaction at the source.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from supatools import redact

if TYPE_CHECKING:
    from rich.console import Console


#: what a terminal that cannot show Unicode (LC_ALL=POSIX, an ASCII CI log) gets instead
_ASCII_FALLBACKS = str.maketrans(
    {
        "\u2192": "->",  # →
        "\u2190": "<-",  # ←
        "\u2014": "--",  # —
        "\u2013": "-",  # –
        "\u2026": "...",  # …
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2265": ">=",  # ≥
        "\u2264": "<=",  # ≤
        "\u00d7": "x",  # ×
        "\u2713": "ok",  # ✓
        "\u2717": "x",  # ✗
    }
)


def _is_unicode(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


class ScrubbingStream:
    """A text stream that replaces secrets before writing to the real one, and that
    writes what the real one's encoding can hold: on an ASCII or Latin-1 terminal an
    arrow becomes ``->`` and any other character it cannot encode a Python escape
    (``\\u00e9``), instead of a UnicodeEncodeError."""

    def __init__(self, target: IO[str]) -> None:
        self._target = target
        self._unicode = _is_unicode(self.encoding)

    def write(self, text: str) -> int:
        self._target.write(self._fit(redact.scrub(text)))
        return len(text)

    def _fit(self, text: str) -> str:
        if self._unicode or text.isascii():
            return text
        encoding = self.encoding
        try:
            text.encode(encoding)
            return text
        except (UnicodeEncodeError, LookupError):
            text = text.translate(_ASCII_FALLBACKS)
            try:
                return text.encode(encoding, "backslashreplace").decode(encoding)
            except LookupError:
                return text.encode("ascii", "backslashreplace").decode("ascii")

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._target, "encoding", "utf-8") or "utf-8"


#: the width of output that goes to a file or a pipe: no wrapping (a path split across two
#: lines is a different path to grep, cut or a CI log); Rich's default there is 80
_PIPE_WIDTH = 10_000


def _width(stream: ScrubbingStream) -> int | None:
    """None on a terminal (Rich measures it, or $COLUMNS says it); wide in a pipe."""
    try:
        return None if stream.isatty() else _PIPE_WIDTH
    except (OSError, ValueError):  # a closed stream: nothing will be read from it
        return _PIPE_WIDTH


def learn_environment_secrets() -> None:
    """Secrets visible before settings are resolved (so even config errors are scrubbed)."""
    for name in ("SUPABASE_DB_URL", "DATABASE_URL"):
        redact.learn_url(os.environ.get(name))
    for name in ("SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SECRET_KEY"):
        redact.learn_secret(os.environ.get(name))


class Output:
    """Where a command writes: stdout for results, stderr for everything else. (A plain
    class: ``dataclasses`` and a dataclass's generated methods cost every start-up.)"""

    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        learn_environment_secrets()
        self.stdout = ScrubbingStream(sys.stdout)
        self.stderr = ScrubbingStream(sys.stderr)
        self._out: Console | None = None
        self._err: Console | None = None
        self.json_printed = False  # --json prints exactly one document

    @property
    def out(self) -> Console:
        from rich.console import Console

        if self._out is None:
            self._out = Console(
                file=self.stdout,  # type: ignore[arg-type]
                highlight=False,
                soft_wrap=not self.stdout.isatty(),
                width=_width(self.stdout),
            )
        return self._out

    @property
    def err(self) -> Console:
        from rich.console import Console

        if self._err is None:
            self._err = Console(
                file=self.stderr,  # type: ignore[arg-type]
                highlight=False,
                stderr=True,
                soft_wrap=not self.stderr.isatty(),
                width=_width(self.stderr),
            )
        return self._err

    def json(self, document: dict[str, Any]) -> None:
        import json

        self.stdout.write(json.dumps(document, indent=2, default=json_default) + "\n")
        self.stdout.flush()
        self.json_printed = True

    def note(self, message: str) -> None:
        """A diagnostic line on stderr (never stdout, so --json stays parseable). It may
        name files and tables: its control characters are escaped, line breaks too, so it
        stays one line that no name can forge another beside."""
        self.stderr.write(printable(message) + "\n")
        self.stderr.flush()

    def error(self, message: str, exit_code: int) -> None:
        """The one place an expected failure is shown: always one line."""
        message = "; ".join(line.strip() for line in message.splitlines() if line.strip())
        self.note(f"error: {message}")
        if self.json_mode and not self.json_printed:
            self.json({"ok": False, "error": {"message": message, "exit_code": exit_code}})


def _escapes() -> dict[int, str]:
    table = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))}
    table.update({ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r", ord("\\"): "\\\\"})
    # the characters a terminal or an editor moves or reorders text with: the line and
    # paragraph separators, and the bidirectional overrides of "Trojan Source"
    for code in (0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        table[code] = f"\\u{code:04x}"
    return table


_ESCAPES = _escapes()


def printable(text: str) -> str:
    """``text`` (a name or detail from the database or from a file) safe to show on a
    terminal: every control character (C0, DEL, C1), the line separators and the
    bidirectional overrides are written as Python escapes (``\\n``, ``\\r``, ``\\t``,
    ``\\x1b``, ``\\u202e``) and a backslash as ``\\\\``, so no name can forge a line, move
    the cursor or clear the screen, and two different names never print alike. Text with
    none of these characters is returned unchanged. JSON and SARIF keep names exact."""
    # every escaped character but the backslash is one str.isprintable refuses (Cc, Zl,
    # Zp, Cf): a test with no pattern to compile at start-up
    if "\\" not in text and text.isprintable():
        return text
    return text.translate(_ESCAPES)


#: what can hide or rewrite SQL on a terminal; compiled when SQL is shown on one
_HIDING = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def write_sql(out: Output, text: str) -> None:
    """A migration's SQL as written, so ``--dry-run | psql`` runs it. On a terminal, SQL
    holding characters that could hide or rewrite what is shown (ESC, a lone CR, the
    bidirectional overrides) is shown with ``printable``'s escapes instead, and said."""
    text = text.rstrip("\n")
    if out.stdout.isatty() and re.search(_HIDING, text.replace("\r\n", "\n")):
        out.note(
            "note: this SQL holds control characters; shown escaped here, verbatim when "
            "the output goes to a file or a pipe"
        )
        text = "\n".join(printable(line) for line in text.split("\n"))
    out.stdout.write(text + "\n")


def json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def plain_table(headers: list[str], rows: list[list[str]]) -> str:
    """Aligned columns, as psql prints them: fast for thousands of rows, never truncated,
    easy to grep. Rich tables are kept for short summaries. Cells come from files and the
    database: control characters in them are escaped (``printable``)."""
    rows = [[printable(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    last = len(headers) - 1

    def line(cells: list[str]) -> str:
        return " | ".join(
            cell if i == last else cell.ljust(widths[i]) for i, cell in enumerate(cells)
        ).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)]) + "\n"


def when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value else ""
