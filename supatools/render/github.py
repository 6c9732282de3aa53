"""A GitHub Actions job summary from the JSON documents ``migrate --json`` and
``lint --json`` print: a markdown table of the applied migrations, one of the lint
findings and one of the RLS audit's, appended to ``$GITHUB_STEP_SUMMARY``; the counts go
to ``$GITHUB_OUTPUT`` for later steps.

The action (``action.yml``) saves each command's document to a file and runs
``python -m supatools.render.github --migrate migrate.json --lint lint.json``. Reading the
documents, not the engines' objects, keeps the summary to what the commands' contract
already says; a missing or unreadable document is shown as such, never a traceback,
because the summary runs after a step that may have failed.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from supatools.redact import learn_url, scrub

#: findings listed before the table says how many more there are (a summary is capped
#: at 1 MiB by GitHub; a project with thousands of findings would hit it)
MAX_ROWS = 200


def cell(value: object) -> str:
    """One markdown table cell: no line break, no ``|`` splitting the row, no control
    character, no secret."""
    text = scrub(str(value if value is not None else ""))
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows[:MAX_ROWS]]
    if len(rows) > MAX_ROWS:
        lines.append(f"\n… and {len(rows) - MAX_ROWS} more")
    return "\n".join(lines) + "\n"


def _failure(document: dict[str, Any]) -> str | None:
    error = document.get("error")
    if isinstance(error, dict):
        return f"**failed** (exit {error.get('exit_code')}): {cell(error.get('message'))}\n"
    return None


def migrate_markdown(document: dict[str, Any] | None, mode: str = "migrate") -> str:
    """The ``migrate --json`` (or ``--rehearse --json``) document as markdown."""
    title = "### supatools migrate" + (" --rehearse" if mode == "rehearse" else "") + "\n\n"
    if document is None:
        return title + "no result: the step did not run or printed no JSON document\n"
    failed = _failure(document)
    if failed:
        return title + failed
    applied = document.get("applied") or []
    text = title + f"{cell(document.get('database'))}: "
    if document.get("rolled_back"):
        text += "--atomic run rolled back because the RLS audit failed; nothing was applied\n"
    elif not applied:
        text += "up to date, nothing to apply\n"
    else:
        text += f"applied {len(applied)} migration(s)\n\n"
        rows = [
            [a.get("version"), a.get("name"), a.get("statements"), a.get("duration_ms")]
            for a in applied
        ]
        text += _table(["version", "name", "statements", "ms"], rows)
    audit = document.get("verify")
    if isinstance(audit, dict):
        findings = audit.get("findings") or []
        verdict = "passed" if audit.get("ok") else "**FAILED**"
        text += (
            f"\nRLS audit {verdict} (--fail-on {cell(audit.get('fail_on'))}): "
            f"{audit.get('tables_checked')} table(s) checked, {len(findings)} finding(s)\n"
        )
        if findings:
            rows = [
                [
                    f.get("level"),
                    f.get("rule"),
                    ".".join(str(part) for part in (f.get("schema"), f.get("object")) if part),
                    f.get("detail"),
                ]
                for f in findings
            ]
            text += "\n" + _table(["level", "rule", "object", "detail"], rows)
    return text


def lint_markdown(document: dict[str, Any] | None) -> str:
    """The ``lint --json`` document as markdown."""
    title = "### supatools lint\n\n"
    if document is None:
        return title + "no result: the step did not run or printed no JSON document\n"
    failed = _failure(document)
    if failed:
        return title + failed
    findings = document.get("findings") or []
    verdict = "passed" if document.get("ok") else "**FAILED**"
    text = title + f"lint {verdict} (--fail-on {cell(document.get('fail_on'))}): "
    if not findings:
        return text + "no finding\n"
    text += f"{len(findings)} finding(s)\n\n"
    rows = [
        [
            f.get("level"),
            f.get("rule"),
            f"{f.get('file')}:{f.get('line')}",
            f.get("message"),
            f.get("fix"),
        ]
        for f in findings
    ]
    return text + _table(["level", "rule", "where", "finding", "fix"], rows)


def read_document(path: Path | None) -> dict[str, Any] | None:
    """A command's JSON document, or None when the file is missing, empty or not one."""
    if path is None:
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def _append(variable: str, text: str) -> bool:
    target = os.environ.get(variable)
    if not target:
        return False
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(text)
    return True


def main(argv: list[str] | None = None) -> int:
    """Write the summary (stdout when ``GITHUB_STEP_SUMMARY`` is unset) and the outputs."""
    parser = argparse.ArgumentParser(prog="python -m supatools.render.github")
    parser.add_argument("--migrate", type=Path, help="the saved `migrate --json` document")
    parser.add_argument("--lint", type=Path, help="the saved `lint --json` document")
    parser.add_argument("--mode", choices=["migrate", "rehearse", "lint-only"], default="migrate")
    args = parser.parse_args(argv)
    # the documents show the URL masked already; the scrub is the second line of defence
    learn_url(os.environ.get("SUPABASE_DB_URL"))
    lint = read_document(args.lint)
    migrate = read_document(args.migrate)
    parts = [lint_markdown(lint)]
    if args.mode != "lint-only":
        parts.append(migrate_markdown(migrate, args.mode))
    text = "## supatools\n\n" + "\n".join(parts) + "\n"
    if not _append("GITHUB_STEP_SUMMARY", text):
        print(text, end="")
    applied = len((migrate or {}).get("applied") or [])
    findings = len((lint or {}).get("findings") or [])
    _append("GITHUB_OUTPUT", f"applied={applied}\nfindings={findings}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
