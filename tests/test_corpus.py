"""Public Supabase apps' migration folders, as they are, on ``supatools local`` (issue 8).

Each app under tests/corpus/ is vendored with its source, commit and licence (SOURCE,
LICENSE). Every one runs on a fresh database of the embedded server, prepared as
``supatools local`` prepares it, whatever server the rest of the suite uses: all its
files apply and ``migrate --status`` agrees with them. An app in STOPS uses what no
stand-in can run (plv8, pg_tle): its run stops at the file:line named there, in one line
naming the extension and the fix, and the files before it stay applied (issue 22).

After migrating, ``verify-rls --json`` runs on the app (issue 20) and its error findings
are compared with ``expected-rls.toml`` beside the app: each error finding by rule and
object with a one-line reason why it is real. A finding not in the file fails the test,
and so does one in the file that no longer appears. Each app's database gets the default
grants of its era, decided as ``supatools local`` decides it (supatools/era.py: all
fourteen apps predate 2026-10-30, so legacy), and the grants rules are judged like the others.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import psycopg
import pytest

from supatools import era
from supatools.local.database import LEGACY_GRANTS
from supatools.migrations.files import NAME_RULE
from tests.conftest import REPO, Run, run_cli

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

CORPUS = REPO / "tests" / "corpus"

#: what each app needs of the local server
NEEDS = {
    "basejump": "file names the CLI accepts (basejump-setup), pgcrypto",
    "cache-helpers": "its own BEGIN/COMMIT re-creating supabase_realtime",
    "chatbot-ui": "http extension, storage buckets and policies, 25 files",
    "dbdev": "pg_cron into pg_catalog, pg_trgm, citext, vault, 54 files",
    "expo-push-notifications": "pgsodium, pgjwt (remote dump), a supabase_functions webhook",
    "flutterkaigi-2024": "pg_tle + dbdev over http (stops: see STOPS), wrappers, 47 files",
    "makerkit-lite": "storage, auth triggers, pg_net-free kit",
    "nextjs-template": "storage policies",
    "openai-doc-search": "pgvector",
    "pgflow": "pgmq (stand-in), realtime, 20 files",
    "quivr": "wrappers (stripe_wrapper FDW and foreign tables), pgvector, vault, 69 files",
    "slack-clone": "realtime publication, auth hook grants, plv8 (stops: see STOPS)",
    "subscription-payments": "auth.users trigger, realtime publication",
    "user-profile": "unaccent and moddatetime in extensions, auth.users trigger",
}

#: apps that use what the local server cannot provide: the run stops at this file:line with
#: the one-line error naming the extension and the fix; the files before it stay applied
STOPS = {
    "flutterkaigi-2024": ("pg_tle", "20240707061911_add_dbdev_extension.sql:6"),
    "slack-clone": ("plv8", "20240214114147_auth-hook.sql:3"),
}


def test_the_corpus_is_the_apps_named_here_each_with_its_source_and_licence() -> None:
    apps = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    assert apps == sorted(NEEDS)
    assert len(apps) >= 14  # issue 22: at least fourteen public apps
    for app in apps:
        source = (CORPUS / app / "SOURCE").read_text()
        assert "source: https://github.com/" in source and "licence:" in source
        assert (CORPUS / app / "LICENSE").is_file()


@pytest.mark.parametrize("app", sorted(NEEDS))
def test_a_public_app_migrates_on_the_local_server_as_it_is(app: str, local_database: str) -> None:
    project = CORPUS / app
    migrations = project / "supabase" / "migrations"
    every = sorted(p.name for p in migrations.glob("*.sql"))
    files = [name for name in every if NAME_RULE.match(name)]  # what the Supabase CLI applies
    if era.decide("auto", None, migrations)[0] == era.LEGACY:
        with psycopg.connect(local_database, autocommit=True) as conn:
            conn.execute(LEGACY_GRANTS)
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=project)
    if app in STOPS:
        stops_in_one_line(run, local_database, project, files, *STOPS[app])
        return
    assert run.returncode == 0, run.stderr
    for skipped in sorted(set(every) - set(files)):  # quivr's local_… file: skipped, and said so
        assert f"{skipped}: skipped, as the Supabase CLI skips it" in run.stderr
    status = run_cli("migrate", "--status", "--json", "--db-url", local_database, cwd=project)
    assert status.returncode == 0, status.stderr
    document = json.loads(status.stdout)
    states = {f"{m['version']}_{m['name']}.sql": m["state"] for m in document["migrations"]}
    assert sorted(states) == files
    assert set(states.values()) == {"applied"}, states
    audit = run_cli("verify-rls", "--json", "--db-url", local_database, cwd=project)
    assert audit.returncode in (0, 1), audit.stderr
    found = errors_of(json.loads(audit.stdout))
    if os.environ.get("SUPATOOLS_CORPUS_DUMP"):  # to review: every finding, every level
        dump = Path(os.environ["SUPATOOLS_CORPUS_DUMP"]) / f"{app}.json"
        dump.write_text(audit.stdout)
    expected = expected_errors(project / "expected-rls.toml")
    assert sorted(found - set(expected)) == [], "error findings not reviewed"
    assert sorted(set(expected) - found) == [], "reviewed error findings that are gone"


def errors_of(document: dict[str, object]) -> set[tuple[str, str]]:
    """(rule, schema.object) of each error finding."""
    findings = document["findings"]
    assert isinstance(findings, list)
    return {(f["rule"], f"{f['schema']}.{f['object']}") for f in findings if f["level"] == "error"}


def expected_errors(path: Path) -> dict[tuple[str, str], str]:
    """The reviewed error findings of ``path``: (rule, object) -> why it is real."""
    document = tomllib.loads(path.read_text())
    reviewed = {}
    for item in document.get("error", []):
        assert item["reason"].strip(), f"{path}: {item} has no reason"
        reviewed[(item["rule"], item["object"])] = item["reason"]
    return reviewed


def stops_in_one_line(
    run: Run, dsn: str, project: Path, files: list[str], extension: str, where: str
) -> None:
    """The run stops at ``where`` with one error line naming ``extension`` and the fix
    (SUPATOOLS_PG_BINDIR); the files before it are applied, it and the rest pending."""
    assert run.returncode == 1, run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "Traceback" not in run.stderr, run.stderr
    assert f'extension "{extension}" is not available' in errors[0]
    assert f"/{where}:" in errors[0] and "SUPATOOLS_PG_BINDIR" in errors[0]
    status = run_cli("migrate", "--status", "--json", "--db-url", dsn, cwd=project)
    document = json.loads(status.stdout)
    states = [m["state"] for m in document["migrations"]]
    stop = files.index(where.split(":")[0])
    assert states == ["applied"] * stop + ["pending"] * (len(files) - stop), states
