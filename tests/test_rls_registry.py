"""Issue 19 item 3: the audit's rules are one registry, and the README's rule table is
checked against it (names and levels), so they never drift."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO


def readme_rule_rows() -> list[tuple[list[str], list[str]]]:
    """(rule names, levels) of each row of the README's verify-rls rule table."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `supatools verify-rls`", 1)[1].split("### `policies/`", 1)[0]
    rows = []
    for row in section.splitlines():
        if row.startswith("| `"):
            cells = row.split("|")
            names = re.findall(r"`([a-z_*]+)`", cells[1])
            levels = [level.strip() for level in cells[2].split("/")]
            rows.append((names, levels))
    return rows


def test_the_readme_rule_table_has_each_rules_registered_levels() -> None:
    from supatools.rls.registry import RULES_INFO

    rows = readme_rule_rows()
    assert len(rows) > 30
    seen: set[str] = set()
    for names, levels in rows:
        infos = [
            info
            for info in RULES_INFO.values()
            if any(
                info.name == name or (name.endswith("*") and info.name.startswith(name[:-1]))
                for name in names
            )
        ]
        assert infos, names
        assert set(levels) == {level for info in infos for level in info.levels}, names
        if len(infos) == 1:  # the default level comes first
            assert levels[0] == infos[0].level, names
        seen |= {info.name for info in infos}
    assert seen == set(RULES_INFO), set(RULES_INFO) - seen


def test_every_rule_function_is_registered_once_with_its_metadata() -> None:
    from supatools.rls.registry import RULES, RULES_INFO

    assert len(RULES) == len(set(RULES)) > 25
    modules = {rule.__module__ for rule in RULES}
    assert modules == {
        "supatools.rls.rules_columns",
        "supatools.rls.rules_expectations",
        "supatools.rls.rules_functions",
        "supatools.rls.rules_grants",
        "supatools.rls.rules_performance",
        "supatools.rls.rules_policies",
        "supatools.rls.rules_policy_scope",
        "supatools.rls.rules_storage",
        "supatools.rls.rules_tables",
    }
    for info in RULES_INFO.values():
        assert info.levels and info.summary.endswith("."), info
        assert info.fix in ("sql", "advice", "mixed"), info
        assert not info.splinter or re.fullmatch(r"00\d\d_[a-z_]+", info.splinter), info
    assert RULES_INFO["rls_disabled_in_public"].levels == ("error", "warn")


def test_a_rule_name_cannot_be_registered_twice() -> None:
    from supatools.rls.register import declare

    with pytest.raises(AssertionError, match="registered twice"):
        declare("rls_disabled_in_public", "error", "Again.")


def test_the_levels_of_the_audit_are_the_one_level_type() -> None:
    import supatools.levels
    from supatools.rls import audit, findings, rules

    assert findings.LEVELS is supatools.levels.LEVELS
    assert rules.at_or_above is supatools.levels.at_or_above
    assert audit.at_or_above("error", "warn") and not audit.at_or_above("info", "warn")
