"""SARIF 2.1.0 for GitHub code scanning: the one reporter of verify-rls and lint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LEVEL = {"error": "error", "warn": "warning", "info": "note"}


def shown(path: Path, root: Path) -> str:
    """``path`` relative to the project root, as code scanning wants it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def rule(
    rule_id: str, summary: str, level: str, help_uri: str = "", help_text: str = ""
) -> dict[str, Any]:
    described: dict[str, Any] = {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": summary},
        "defaultConfiguration": {"level": LEVEL[level]},
    }
    if help_uri:
        described["helpUri"] = help_uri
    if help_text:
        described["help"] = {"text": help_text}
    return described


def physical(path: Path, line: int, root: Path, column: int = 0, uri: str = "") -> dict[str, Any]:
    """Where a result is; ``column`` (1-based, 0: none) becomes the region's startColumn;
    ``uri``: the path as :func:`shown` gives it, when the caller has it already."""
    region: dict[str, Any] = {"startLine": line}
    if column:
        region["startColumn"] = column
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri or shown(path, root)},
            "region": region,
        }
    }


def log(rules: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    """One SARIF run of supatools with ``rules`` and ``results``."""
    from supatools import __version__

    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "supatools",
                        "version": __version__,
                        "informationUri": "https://github.com/supatools/supatools",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
