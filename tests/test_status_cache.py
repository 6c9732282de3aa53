"""``migrate --status``'s checksum cache (issue 24): keyed by (path, size, mtime_ns, inode)
under ``.supatools/``; a hit is not hashed, a changed key is, a bad cache is ignored and
rewritten, and ``migrate`` never reads it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from supatools.migrations import files
from tests.conftest import Database, run_cli, write

T1 = "create table public.t1 (id int primary key);\n"
T2 = "create table public.t2 (id int primary key);\n"
#: an mtime well before the cache's writing: files written by a test are "racily
#: clean" (modified in the last seconds) and rightly left out of the cache
PAST_NS = 1_700_000_000 * 10**9


def project(tmp_path: Path) -> Path:
    """A project folder (cwd and --workdir) with its migrations/ folder."""
    (tmp_path / "migrations").mkdir()
    return tmp_path


def age(path: Path, mtime_ns: int = PAST_NS) -> None:
    os.utime(path, ns=(mtime_ns, mtime_ns))


def status(root: Path, url: str) -> tuple[int, dict[str, str]]:
    run = run_cli(
        "migrate", "--status", "--json", "--db-url", url, "--workdir", str(root), cwd=root
    )
    document = json.loads(run.stdout)
    return run.returncode, {m["version"]: m["state"] for m in document["migrations"]}


def cache_of(root: Path) -> Path:
    return root / ".supatools" / "status-checksums.json"


def poison(root: Path, filename: str) -> None:
    """Put a wrong checksum in the cache for ``filename``, under its current key: only a
    status that trusts the cache instead of hashing can report the file as modified."""
    document = json.loads(cache_of(root).read_text())
    document["files"][filename][1] = "0" * 64
    cache_of(root).write_text(json.dumps(document))


@pytest.fixture
def applied(tmp_path: Path, database: Database) -> Path:
    """Two migrations applied, their mtimes in the past, and the cache written."""
    root = project(tmp_path)
    for name, text in (("20250101000000_one.sql", T1), ("20250102000000_two.sql", T2)):
        age(write(root / "migrations", name, text))
    run = run_cli(
        "migrate", "--no-verify", "--db-url", database.url, "--workdir", str(root), cwd=root
    )
    assert run.returncode == 0, run.stderr
    assert status(root, database.url) == (
        0,
        {"20250101000000": "applied", "20250102000000": "applied"},
    )
    return root


def test_a_cache_hit_is_neither_read_nor_hashed(
    applied: Path, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    hashed: list[str] = []
    read: list[str] = []
    real_checksum, real_read = files.checksum, files.read_with_stat
    monkeypatch.setattr(files, "checksum", lambda text: hashed.append(text) or real_checksum(text))

    def counting_read(path: Path, *args: int) -> tuple[bytes, os.stat_result]:
        read.append(Path(path).name)
        return real_read(path, *args)

    monkeypatch.setattr(files, "read_with_stat", counting_read)
    assert status(applied, database.url)[0] == 0
    assert (read, hashed) == ([], [])  # both unchanged: header and checksum from the cache
    cache_of(applied).unlink()
    assert status(applied, database.url)[0] == 0
    # no cache: every file read once, every applied file hashed once
    assert sorted(read) == ["20250101000000_one.sql", "20250102000000_two.sql"]
    assert sorted(hashed) == sorted([T1, T2])
    assert cache_of(applied).is_file()  # and written again


def test_the_header_shown_comes_from_the_cache_only_while_the_key_holds(
    applied: Path, database: Database
) -> None:
    path = applied / "migrations" / "20250101000000_one.sql"
    path.write_text("-- Table one.\n" + T1)
    age(path, PAST_NS + 5)
    run = run_cli("migrate", "--status", "--json", "--workdir", str(applied), "--db-url",
                  database.url, cwd=applied)  # fmt: skip
    shown = {m["version"]: m["description"] for m in json.loads(run.stdout)["migrations"]}
    assert shown["20250101000000"] == "Table one."  # a new key: read again
    assert json.loads(cache_of(applied).read_text())["files"][path.name][2] == "Table one."


def test_a_hit_is_trusted_and_a_changed_key_is_hashed_again(
    applied: Path, database: Database
) -> None:
    path = applied / "migrations" / "20250101000000_one.sql"
    poison(applied, path.name)
    assert status(applied, database.url)[1]["20250101000000"] == "modified"  # trusted
    age(path, PAST_NS + 1)  # mtime_ns changed: hashed again, and the file is unchanged
    assert status(applied, database.url) == (
        0,
        {"20250101000000": "applied", "20250102000000": "applied"},
    )


def test_a_new_inode_with_the_same_size_and_mtime_is_hashed_again(
    applied: Path, database: Database
) -> None:
    path = applied / "migrations" / "20250101000000_one.sql"
    edited = T1.replace("id int", "ix int")  # the same size
    assert len(edited) == len(T1)
    replacement = path.with_name("replacement.tmp")
    replacement.write_text(edited)
    age(replacement)
    before = os.stat(path).st_ino
    os.replace(replacement, path)  # as an editor saving by rename does
    assert os.stat(path).st_ino != before and os.stat(path).st_mtime_ns == PAST_NS
    code, states = status(applied, database.url)
    assert (code, states["20250101000000"]) == (1, "modified")


def test_a_changed_size_is_hashed_again(applied: Path, database: Database) -> None:
    path = applied / "migrations" / "20250102000000_two.sql"
    with path.open("r+") as handle:  # the same inode, the mtime put back
        handle.write(T2.replace("id int", "id bigint"))
    age(path)
    code, states = status(applied, database.url)
    assert (code, states["20250102000000"]) == (1, "modified")


@pytest.mark.parametrize(
    "garbage",
    [b"", b"{not json", b"\xff\xfe", b'{"format": 2, "folder": 3, "files": []}', b"[1, 2]"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(
    applied: Path, database: Database, garbage: bytes
) -> None:
    cache_of(applied).write_bytes(garbage)
    assert status(applied, database.url) == (
        0,
        {"20250101000000": "applied", "20250102000000": "applied"},
    )
    document = json.loads(cache_of(applied).read_text())
    assert sorted(document["files"]) == ["20250101000000_one.sql", "20250102000000_two.sql"]


@pytest.mark.parametrize(
    "entry",
    [[], [1], ["a b c", None, "", False, []], "text", ["KEY", "short", "", False, []],
     ["KEY", None, 3, False, []], ["KEY", None, "", "no", []], ["KEY", None, "", False, [[1]]],
     ["KEY", None, "", False, [["1", None, "x"]]], ["KEY", None, "", False, {}]],
)  # fmt: skip
def test_a_malformed_entry_is_read_again(applied: Path, database: Database, entry: object) -> None:
    """Entries for this very folder, under the file's real key, but not what was written."""
    path = applied / "migrations" / "20250101000000_one.sql"
    info = os.stat(path)
    key = f"{info.st_size} {info.st_mtime_ns} {info.st_ino}"
    document = json.loads(cache_of(applied).read_text())
    document["files"][path.name] = (
        [key if x == "KEY" else x for x in entry] if isinstance(entry, list) else entry
    )
    cache_of(applied).write_text(json.dumps(document))
    assert status(applied, database.url) == (
        0,
        {"20250101000000": "applied", "20250102000000": "applied"},
    )
    assert json.loads(cache_of(applied).read_text())["files"][path.name][0] == key


def test_migrate_never_trusts_the_cache(applied: Path, database: Database) -> None:
    """The case a stat cache misses (git's too): an edit that keeps the size and puts the
    mtime back, in place. ``--status`` may miss it (documented); ``migrate`` hashes what
    it applies and refuses the run."""
    path = applied / "migrations" / "20250101000000_one.sql"
    with path.open("r+") as handle:
        handle.write(T1.replace("id int", "ix int"))
    age(path)
    write(applied / "migrations", "20250103000000_three.sql", "select 1;\n")
    assert status(applied, database.url)[1]["20250101000000"] == "applied"  # the blind spot
    run = run_cli(
        "migrate", "--no-verify", "--db-url", database.url, "--workdir", str(applied), cwd=applied
    )
    assert run.returncode == 1
    assert "20250101000000_one.sql" in run.stderr and "changed since they ran" in run.stderr
    assert status(applied, database.url)[1]["20250103000000"] == "pending"  # nothing applied


def test_a_file_modified_just_now_is_not_cached(tmp_path: Path, database: Database) -> None:
    """git's racily clean entries: a file written in the last seconds could be edited
    again within the same timestamp, so it is not recorded (the older one is)."""
    root = project(tmp_path)
    age(write(root / "migrations", "20250101000000_old.sql", T1))
    write(root / "migrations", "20250102000000_new.sql", T2)
    run = run_cli(
        "migrate", "--no-verify", "--db-url", database.url, "--workdir", str(root), cwd=root
    )
    assert run.returncode == 0, run.stderr
    assert status(root, database.url)[0] == 0
    assert list(json.loads(cache_of(root).read_text())["files"]) == ["20250101000000_old.sql"]


def test_a_cache_that_cannot_be_written_is_no_error(applied: Path, database: Database) -> None:
    """``.supatools`` a file, not a folder (root writes anywhere, so no chmod here)."""
    cache_of(applied).unlink()
    cache_of(applied).parent.rmdir()
    cache_of(applied).parent.write_text("not a folder")
    assert status(applied, database.url) == (
        0,
        {"20250101000000": "applied", "20250102000000": "applied"},
    )
    assert cache_of(applied).parent.read_text() == "not a folder"


def test_an_unchanged_folder_leaves_the_cache_unwritten_and_a_new_checksum_is_recorded(
    applied: Path, database: Database
) -> None:
    """A warm ``--status`` writes nothing; once a pending file is applied, the next one
    records its checksum (the cache's entry for it changes, the other stays)."""
    before = os.stat(cache_of(applied))
    assert status(applied, database.url)[0] == 0
    after = os.stat(cache_of(applied))
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    age(write(applied / "migrations", "20250103000000_three.sql", "select 3;\n"))
    assert status(applied, database.url)[1]["20250103000000"] == "pending"
    files_now = json.loads(cache_of(applied).read_text())["files"]
    assert files_now["20250103000000_three.sql"][1] is None  # pending: never hashed
    old_entry = files_now["20250101000000_one.sql"]
    run = run_cli(
        "migrate", "--no-verify", "--db-url", database.url, "--workdir", str(applied), cwd=applied
    )
    assert run.returncode == 0, run.stderr
    assert status(applied, database.url)[1]["20250103000000"] == "applied"
    files_now = json.loads(cache_of(applied).read_text())["files"]
    assert files_now["20250103000000_three.sql"][1] == files.checksum("select 3;\n")
    assert files_now["20250101000000_one.sql"] == old_entry


def test_a_migration_from_the_cache_has_its_path_in_the_folder(
    applied: Path, database: Database
) -> None:
    from supatools.migrations import status_cache

    folder = applied / "migrations"
    cached = status_cache.load(applied / ".supatools", folder)
    found = files.discover(folder, None, status_cache.reuse(cached))
    assert [m.source for m in found] == [None, None]  # both from the cache
    assert [m.path for m in found] == sorted(folder / name for name in os.listdir(folder))
    assert [m.path for m in found] == [m.path for m in files.discover(folder)]


def test_a_migration_known_unread_is_the_one_the_constructor_makes() -> None:
    """``MigrationFile.unread`` skips the generated ``__init__``: it must set every field
    (a field added later and forgotten there fails here) and the checksum it is given."""
    import dataclasses

    args = ("1", "x", Path("m/1_x.sql"), "d", True, (files.Requirement("0", None, 2),), None)
    made = files.MigrationFile(args[0], args[1], args[2], None, *args[3:], (1, 2, 3))
    unread = files.MigrationFile.unread(*args, (1, 2, 3), "c" * 64)
    assert unread == made and unread.stat_key == (1, 2, 3) and unread.checksum == "c" * 64
    names = {f.name for f in dataclasses.fields(files.MigrationFile)}
    assert set(vars(unread)) == names | {"checksum"}
    assert set(vars(files.MigrationFile.unread(*args, (1, 2, 3), None))) == names
    with pytest.raises(dataclasses.FrozenInstanceError):
        unread.name = "y"  # type: ignore[misc]


def test_a_removed_file_leaves_the_cache_and_a_new_one_enters_it(
    applied: Path, database: Database
) -> None:
    """Every file a hit is not enough to keep the cache: an entry without its file goes,
    and a new file (read, not a hit) comes in."""
    (applied / "migrations" / "20250102000000_two.sql").unlink()
    assert status(applied, database.url)[1]["20250102000000"] == "missing"
    assert list(json.loads(cache_of(applied).read_text())["files"]) == ["20250101000000_one.sql"]
    age(write(applied / "migrations", "20250103000000_three.sql", "select 3;\n"))
    assert status(applied, database.url)[1]["20250103000000"] == "pending"
    assert sorted(json.loads(cache_of(applied).read_text())["files"]) == [
        "20250101000000_one.sql",
        "20250103000000_three.sql",
    ]


def test_save_sees_an_unchanged_folder_from_the_hits_alone(applied: Path) -> None:
    from supatools.migrations import status_cache

    folder = applied / "migrations"
    age(write(folder, "20250103000000_three.sql", "select 3;\n"))
    cached = status_cache.load(applied / ".supatools", folder)
    fresh = files.discover(folder)
    assert fresh[0].checksum and fresh[1].checksum  # applied ones compared; three pending
    status_cache.save(applied / ".supatools", fresh, cached)
    cached = status_cache.load(applied / ".supatools", folder)
    known = status_cache.reuse(cached)
    found = files.discover(folder, None, known)
    assert (known.hits, [m.filename for m in known.unhashed]) == (3, ["20250103000000_three.sql"])
    assert status_cache._unchanged(found, cached[1], known)
    assert found[2].checksum  # compared now: the entry gains a checksum
    assert not status_cache._unchanged(found, cached[1], known)
    assert not status_cache._unchanged(found[:2], cached[1], known)  # a file gone
    assert not status_cache._unchanged(found, dict(cached[1]), known)  # another cache
