"""What the wheel ships: every file supatools reads at run time is in its package data."""

from __future__ import annotations

import sys

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PACKAGE = REPO / "supatools"


def test_every_data_file_of_the_package_is_in_its_package_data() -> None:
    """setuptools puts in the wheel only the files its package-data globs match (an
    editable install reads the tree and hides a miss: the stand-ins' .control files were
    missing from the wheel once, so a pip-installed local server had no stand-in)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["supatools"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    data = {
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert data, "no data files found: the check would prove nothing"
    assert any(p.suffix == ".control" for p in data)
    assert sorted(str(p.relative_to(PACKAGE)) for p in data - shipped) == []
