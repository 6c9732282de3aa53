"""The migration engine's gates (issue 19 item 2): the use case's checks come in as
callables (``apply.Gates``), and the engine alone runs without any of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from supatools.errors import PlanRefused
from supatools.migrations import apply
from supatools.settings import Settings
from tests.conftest import Database, write

T1 = "create table public.t1 (id int primary key);\n"
T2 = "create table public.t2 (id int primary key);\n"


@dataclass(frozen=True)
class Verdict:
    ok: bool


def project(tmp_path: Path) -> Settings:
    folder = tmp_path / "migrations"
    folder.mkdir()
    write(folder, "20250101000000_one.sql", T1)
    write(folder, "20250102000000_two.sql", T2)
    return Settings(migrations_dir=folder, policies_dir=tmp_path / "none")


def test_the_engine_alone_applies_without_any_gate(database: Database, tmp_path: Path) -> None:
    result = apply.migrate(project(tmp_path), database.url)
    assert [a.version for a in result.applied] == ["20250101000000", "20250102000000"]
    assert database.applied_versions() == ["20250101000000", "20250102000000"]
    assert result.audit is None and result.seeded is None and not result.rolled_back


def test_the_gates_run_in_order_with_what_the_run_applied(
    database: Database, tmp_path: Path
) -> None:
    settings = project(tmp_path)
    calls: list[object] = []

    def prelude(conn, prefix):  # type: ignore[no-untyped-def]
        calls.append("prelude")
        return apply.history_prelude(conn, prefix)

    def after_apply(conn, done):  # type: ignore[no-untyped-def]
        calls.append(([p.migration.version for p in done.applied], done.fresh, done.atomic))

    def verdict(conn):  # type: ignore[no-untyped-def]
        calls.append("verdict")
        return Verdict(True)

    gates = apply.Gates(prelude=prelude, after_apply=after_apply, verdict=verdict)
    result = apply.migrate(settings, database.url, atomic=True, gates=gates)
    assert calls == ["prelude", (["20250101000000", "20250102000000"], True, True), "verdict"]
    assert result.audit == Verdict(True) and not result.rolled_back
    calls.clear()
    apply.migrate(settings, database.url, gates=gates)  # nothing pending, history not empty
    assert calls == ["prelude", ([], False, False), "verdict"]


def test_a_failing_verdict_rolls_an_atomic_run_back(database: Database, tmp_path: Path) -> None:
    seen: list[object] = []

    def verdict(conn):  # type: ignore[no-untyped-def]
        # inside the --atomic transaction, before its COMMIT: the run's tables are there
        seen.append(conn.execute("select to_regclass('public.t2')::text").fetchone()[0])
        return Verdict(False)

    result = apply.migrate(
        project(tmp_path), database.url, atomic=True, gates=apply.Gates(verdict=verdict)
    )
    assert seen == ["t2"]
    assert result.rolled_back and result.audit == Verdict(False)
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.t1')") is None


def test_a_refusing_prelude_stops_the_run_before_anything_is_applied(
    database: Database, tmp_path: Path
) -> None:
    def prelude(conn, prefix):  # type: ignore[no-untyped-def]
        raise PlanRefused("refused by the use case")

    with pytest.raises(PlanRefused, match="refused by the use case"):
        apply.migrate(project(tmp_path), database.url, gates=apply.Gates(prelude=prelude))
    assert database.applied_versions() == []
    assert database.scalar("select to_regclass('public.t1')") is None


def test_meanwhile_runs_once_while_the_server_works_on_the_first_migration(
    database: Database, tmp_path: Path
) -> None:
    """``Gates.meanwhile`` is the client's idle work (the use case loads the audit's modules
    there): it runs once, after the first migration's message is sent and before it
    commits, and its failure is not the run's."""
    settings = project(tmp_path)
    write(
        settings.migrations_dir,
        "20250101000000_one.sql",
        "select pg_sleep(0.3);\n" + T1,
    )
    seen: list[object] = []

    def meanwhile() -> None:
        # another session does not see the first migration's table yet: not committed
        seen.append(database.scalar("select to_regclass('public.t1')::text"))
        raise RuntimeError("not the run's failure")

    result = apply.migrate(settings, database.url, gates=apply.Gates(meanwhile=meanwhile))
    assert seen == [None]
    assert [a.version for a in result.applied] == ["20250101000000", "20250102000000"]
    seen.clear()
    apply.migrate(settings, database.url, gates=apply.Gates(meanwhile=meanwhile))
    assert seen == []  # nothing pending: no migration to wait for


def test_meanwhile_waits_for_a_transactional_migration(database: Database, tmp_path: Path) -> None:
    """A no-transaction migration runs statement by statement with nothing overlapping it:
    the idle work then rides with the next transactional one."""
    settings = project(tmp_path)
    write(
        settings.migrations_dir,
        "20250101000000_one.sql",
        "-- supatools:no-transaction\n" + T1,
    )
    write(settings.migrations_dir, "20250102000000_two.sql", "select pg_sleep(0.3);\n" + T2)
    seen: list[object] = []

    def meanwhile() -> None:
        seen.append(
            database.scalar(
                "select (to_regclass('public.t1') is not null, to_regclass('public.t2') is null)"
                "::text"
            )
        )

    apply.migrate(settings, database.url, gates=apply.Gates(meanwhile=meanwhile))
    assert seen == ["(t,t)"]
