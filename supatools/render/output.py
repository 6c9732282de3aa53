"""Turn results into Rich tables for people and JSON for machines.

Results go to stdout, diagnostics and progress to stderr. Both streams pass
through a scrubber that replaces every known secret with ``***``: a second
line of defence behind redaction at the source.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from supatools import redact

if TYPE_CHECKING:
    from rich.console import Console


class ScrubbingStream:
    """A text stream that replaces secrets before writing to the real one."""

    def __init__(self, target: IO[str]) -> None:
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(redact.scrub(text))
        return len(text)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    @property
    def encoding(self) -> str:
        return getattr(self._target, "encoding", "utf-8") or "utf-8"


def learn_environment_secrets() -> None:
    """Secrets visible before settings are resolved (so even config errors are scrubbed)."""
    for name in ("SUPABASE_DB_URL", "DATABASE_URL"):
        redact.learn_url(os.environ.get(name))
    for name in ("SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_SECRET_KEY"):
        redact.learn_secret(os.environ.get(name))


@dataclass
class Output:
    """Where a command writes: stdout for results, stderr for everything else."""

    json_mode: bool = False

    def __post_init__(self) -> None:
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
            self._out = Console(file=self.stdout, highlight=False, soft_wrap=False)  # type: ignore[arg-type]
        return self._out

    @property
    def err(self) -> Console:
        from rich.console import Console

        if self._err is None:
            self._err = Console(file=self.stderr, highlight=False, stderr=True)  # type: ignore[arg-type]
        return self._err

    def json(self, document: dict[str, Any]) -> None:
        import json

        self.stdout.write(json.dumps(document, indent=2, default=json_default) + "\n")
        self.stdout.flush()
        self.json_printed = True

    def note(self, message: str) -> None:
        """A diagnostic line on stderr (never stdout, so --json stays parseable)."""
        self.stderr.write(message + "\n")
        self.stderr.flush()

    def error(self, message: str, exit_code: int) -> None:
        """The one place an expected failure is shown: always one line."""
        message = "; ".join(line.strip() for line in message.splitlines() if line.strip())
        self.note(f"error: {message}")
        if self.json_mode and not self.json_printed:
            self.json({"ok": False, "error": {"message": message, "exit_code": exit_code}})


def json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def plain_table(headers: list[str], rows: list[list[str]]) -> str:
    """Aligned columns, as psql prints them: fast for thousands of rows, never truncated,
    easy to grep. Rich tables are kept for short summaries."""
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
