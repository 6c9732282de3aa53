"""The default-grants era (issue 20 item 1 = issue 22 item 3): one decision, from the setting
or the project's first migration, used by the local bootstrap, said by `local status` and
once when the local database is created."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import psycopg
import pytest

from supatools import era
from supatools.local import LocalServer
from supatools.rls.audit import audit
from supatools.settings import Settings, resolve
from tests.conftest import Database, run_cli, world_readable_tmpdir, write

#: an app written before 2026-10-30: it never grants its tables (the project's default
#: privileges did), and its policies name the API roles
LEGACY_APP = (
    "create table public.notes (id bigint primary key, owner uuid, body text);\n"
    "alter table public.notes enable row level security;\n"
    "create policy notes_read on public.notes for select to authenticated "
    "using (owner = auth.uid());\n"
)


def _project(tmp: Path, *versions: str) -> Path:
    migrations = tmp / "migrations"
    migrations.mkdir(parents=True, exist_ok=True)
    for number, version in enumerate(versions):
        write(migrations, f"{version}_step{number}.sql", "select 1;\n")
    return tmp


@pytest.mark.parametrize(
    ("versions", "expected"),
    [
        (("20240105120000",), "legacy"),
        # created before the change, migrations added after: still a legacy project
        (("20240105120000", "20261215000000"), "legacy"),
        (("20261030000000",), "explicit"),  # the day of the change is the new era
        (("20261029235959", "20261101000000"), "legacy"),
        ((), "explicit"),  # a project created now
        (("0001", "0002"), "explicit"),  # versions that are not dates say nothing
        (("0001", "20240105120000"), "legacy"),  # the oldest dated one tells
        # ten digits of Unix seconds (supabase-cache-helpers' first file: 2022-08-12)
        (("1660333326", "20261201000000"), "legacy"),
    ],
)
def test_the_era_follows_the_first_migrations_date(
    tmp_path: Path, versions: tuple[str, ...], expected: str
) -> None:
    project = _project(tmp_path, *versions)
    grants, why = era.decide("auto", None, project / "migrations")
    assert grants == expected
    dated = [v for v in versions if len(v) >= 10]
    if dated:
        assert f"the first migration ({dated[0]}, " in why and "2026-10-30" in why


def test_a_down_file_or_an_older_skipped_file_does_not_date_the_project(tmp_path: Path) -> None:
    project = _project(tmp_path, "20261201000000")
    write(project / "migrations", "20261201000000_step0.down.sql", "select 1;\n")
    write(project / "migrations", "notes_20200101000000.sql", "select 1;\n")  # CLI skips it
    assert era.decide("auto", None, project / "migrations")[0] == "explicit"


def test_the_setting_overrides_the_decision_and_says_where_it_came_from(tmp_path: Path) -> None:
    project = _project(tmp_path, "20240105120000")
    settings = resolve(cwd=project, environ={"SUPATOOLS_LOCAL_GRANTS": "explicit"})
    server = LocalServer.for_settings(settings)
    assert (server.grants, server.grants_reason) == (
        "explicit",
        "set by environment SUPATOOLS_LOCAL_GRANTS",
    )
    assert LocalServer.for_settings(resolve(cwd=project, environ={})).grants == "legacy"
    # a file setting is named as the person wrote it, not by its internal key
    (project / "pyproject.toml").write_text('[tool.supatools.local]\ngrants = "explicit"\n')
    from_file = LocalServer.for_settings(resolve(cwd=project, environ={}))
    assert from_file.grants_reason == "set by pyproject.toml [tool.supatools.local] grants"
    auto = resolve(cwd=project, environ={"SUPATOOLS_LOCAL_GRANTS": "auto"})
    assert LocalServer.for_settings(auto).grants == "legacy"


def test_a_live_databases_default_privileges_tell_its_era() -> None:
    assert era.from_default_grantees({"anon", "authenticated", "service_role"})[0] == "legacy"
    assert era.from_default_grantees({"service_role"})[0] == "explicit"
    assert era.from_default_grantees(set())[0] == "explicit"


def test_local_status_says_the_era_and_why_in_json(tmp_path: Path) -> None:
    project = _project(tmp_path, "20230301000000")
    run = run_cli("local", "status", "--json", cwd=project)
    assert run.returncode == 0, run.stderr
    document = json.loads(run.stdout)
    assert document["running"] is False
    assert document["grants"] == "legacy"
    reason = document["grants_reason"]
    assert "the first migration (20230301000000, 2023-03-01) predates 2026-10-30" in reason


@pytest.mark.slow
def test_a_legacy_app_on_a_new_local_server_gets_the_legacy_grants_and_no_grant_noise() -> None:
    """The first `migrate --local` of an app written before 2026-10-30: the new database
    gets the legacy default grants (said once on stderr, not on the next run), the audit
    finds no missing grant, and `local status` says the era and why."""
    project = world_readable_tmpdir("supatools-era-")
    write(_project(project) / "migrations", "20240105120000_notes.sql", LEGACY_APP)
    try:
        first = run_cli("migrate", "--local", "--json", cwd=project)
        assert first.returncode == 0, first.stderr + first.stdout
        document = json.loads(first.stdout)  # one JSON document: notes stay on stderr
        rules = {f["rule"] for f in document["verify"]["findings"]}
        assert not rules & {"service_role_missing_grant", "api_role_missing_grant"}, rules
        [note] = [line for line in first.stderr.splitlines() if "default grants" in line]
        assert "the new local database has the legacy default grants" in note
        assert "20240105120000" in note and "[tool.supatools.local] grants" in note
        # not a terminal: no progress lines
        assert "initdb" not in first.stderr and "bootstrap" not in first.stderr
        second = run_cli("migrate", "--local", cwd=project)
        assert second.returncode == 0 and "default grants" not in second.stderr
        status = run_cli("local", "status", cwd=project)
        assert "default grants: legacy (the first migration (20240105120000, 2024-01-05)" in (
            status.stdout
        )
        url = LocalServer(project / ".supatools" / "local").status().url()
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "select has_table_privilege('service_role', 'public.notes', 'select'), "
                "has_table_privilege('authenticated', 'public.notes', 'select')"
            ).fetchone()
        assert row == (True, True)
    finally:
        LocalServer(project / ".supatools" / "local").stop()
        shutil.rmtree(project, ignore_errors=True)


@pytest.mark.slow
def test_an_explicit_era_app_on_a_new_local_server_is_told_to_grant() -> None:
    """The near miss: the same app dated after the change gets no default grants, and the
    audit says what to grant."""
    project = world_readable_tmpdir("supatools-era-")
    write(_project(project) / "migrations", "20261105120000_notes.sql", LEGACY_APP)
    steps: list[str] = []
    notes: list[str] = []
    try:
        server = LocalServer.for_settings(
            resolve(cwd=project, environ={}), say=notes.append, progress=steps.append
        )
        server.start()
        # the cold start's steps, in order, for a terminal
        assert [s.split(" ")[1] for s in steps] == ["initialising", "starting", "preparing"]
        assert "(initdb)" in steps[0] and "(bootstrap)" in steps[2]
        assert len(notes) == 1 and "explicit default grants" in notes[0]
        run = run_cli("migrate", "--local", "--json", cwd=project)
        assert run.returncode == 1, run.stderr
        rules = {f["rule"] for f in json.loads(run.stdout)["verify"]["findings"]}
        assert {"service_role_missing_grant", "api_role_missing_grant"} <= rules
        assert "default grants" not in run.stderr  # the database was not new
    finally:
        LocalServer(project / ".supatools" / "local").stop()
        shutil.rmtree(project, ignore_errors=True)


def test_progress_is_shown_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from supatools.commands.local import on_terminal

    said: list[str] = []

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    assert on_terminal(said.append) is not None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a log: not a terminal
    assert on_terminal(said.append) is None


def _grant_findings(database: Database, tmp_path: Path, setup: str) -> dict[str, str]:
    with database.connect() as conn:
        conn.execute(setup)
    (tmp_path / "policies").mkdir(exist_ok=True)
    with database.connect() as conn:
        result = audit(conn, Settings(policies_dir=tmp_path / "policies"), "error")
    return {
        f.rule: f.detail
        for f in result.findings
        if f.rule in ("service_role_missing_grant", "api_role_missing_grant")
    }


TABLE = (
    "create table public.notes (id int primary key, owner uuid);"
    "alter table public.notes enable row level security;"
    "create policy own on public.notes for select to authenticated "
    "using ((select auth.uid()) = owner);"
)


def test_on_a_legacy_era_database_a_missing_grant_was_revoked(
    database: Database, tmp_path: Path
) -> None:
    """The audit reads the era from the database's default privileges: on a legacy one the
    table had its grants, so a missing one was taken away, and the finding says so."""
    found = _grant_findings(
        database,
        tmp_path,
        "alter default privileges in schema public grant all on tables "
        "to anon, authenticated, service_role;"
        + TABLE
        + "revoke all on public.notes from service_role, authenticated;",
    )
    assert set(found) == {"service_role_missing_grant", "api_role_missing_grant"}
    assert (
        "(revoked: this database's default privileges grant" in found["service_role_missing_grant"]
    )
    assert "revoked" in found["api_role_missing_grant"]
    assert "no longer granted by default" not in " ".join(found.values())


def test_on_an_explicit_era_database_a_missing_grant_is_to_be_given(
    database: Database, tmp_path: Path
) -> None:
    found = _grant_findings(database, tmp_path, TABLE)
    assert set(found) == {"service_role_missing_grant", "api_role_missing_grant"}
    assert (
        "(new tables are no longer granted by default since 2026-10-30)"
        in found["service_role_missing_grant"]
    )
    assert "revoked" not in " ".join(found.values())
