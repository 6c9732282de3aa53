"""Public Supabase apps' migration folders, as they are, on ``supatools local`` (issue 8).

Each app under tests/corpus/ is vendored with its source, commit and licence (SOURCE,
LICENSE). Every one runs on a fresh database of the embedded server, prepared as
``supatools local`` prepares it, whatever server the rest of the suite uses: either all
its files apply and ``migrate --status`` agrees with them, or the run stops with one
clear line naming what the local server lacks.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import REPO, run_cli

CORPUS = REPO / "tests" / "corpus"

#: what each app does on the local server: "applies", or the missing piece it names
EXPECTED = {
    "basejump": "applies",  # file names the CLI accepts (basejump-setup), pgcrypto
    "cache-helpers": "applies",  # its own BEGIN/COMMIT re-creating supabase_realtime
    "chatbot-ui": "applies",  # http extension, storage buckets and policies, 25 files
    "makerkit-lite": "applies",  # storage, auth triggers, pg_net-free kit
    "nextjs-template": "applies",  # storage policies
    "openai-doc-search": "applies",  # pgvector
    "pgflow": 'extension "pgmq"',  # pgmq: neither the embedded build nor a stand-in
    "subscription-payments": "applies",  # auth.users trigger, realtime publication
}


def test_the_corpus_is_what_the_expectations_name_and_three_quarters_apply() -> None:
    apps = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
    assert apps == sorted(EXPECTED)
    assert len(apps) >= 8
    for app in apps:
        source = (CORPUS / app / "SOURCE").read_text()
        assert "source: https://github.com/" in source and "licence:" in source
        assert (CORPUS / app / "LICENSE").is_file()
    applying = [a for a, outcome in EXPECTED.items() if outcome == "applies"]
    assert len(applying) * 4 >= len(apps) * 3


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_a_public_app_migrates_on_the_local_server_as_it_is(app: str, local_database: str) -> None:
    project = CORPUS / app
    files = sorted(p.name for p in (project / "supabase" / "migrations").glob("*.sql"))
    run = run_cli("migrate", "--no-verify", "--db-url", local_database, cwd=project)
    expected = EXPECTED[app]
    if expected != "applies":
        assert run.returncode == 1, run.stderr
        errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1
        assert expected in errors[0] and ".sql:" in errors[0]
        assert "SUPATOOLS_PG_BINDIR" in errors[0]  # and how to get it
        return
    assert run.returncode == 0, run.stderr
    status = run_cli("migrate", "--status", "--json", "--db-url", local_database, cwd=project)
    assert status.returncode == 0, status.stderr
    document = json.loads(status.stdout)
    states = {f"{m['version']}_{m['name']}.sql": m["state"] for m in document["migrations"]}
    assert sorted(states) == files
    assert set(states.values()) == {"applied"}, states
