"""Issue 20 item 3: storage.foldername(), filename() and extension() are pure string
helpers: a definer function calling them reaches nothing of storage."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Database
from tests.test_rls import GOOD, run_audit
from tests.test_rls_noise import found

# --- item 3: storage's string helpers reach nothing ----------------------------------------

PATH_HELPER = """
create function public.{name}(path text) returns text language plpgsql security definer
set search_path = '' as $$
begin
  {body}
end $$;
grant execute on function public.{name}(text) to anon;
"""


def test_a_definer_function_calling_storage_string_helpers_is_only_a_warning(
    database: Database, tmp_path: Path
) -> None:
    setup = PATH_HELPER.format(
        name="owner_folder",
        body="return (storage.foldername(path))[1] || storage.filename(path) "
        "|| storage.extension(path);",
    )
    assert found(database, tmp_path, GOOD + setup, "anon_security_definer_function_executable") == [
        ("warn", "public.owner_folder(path text)")
    ]


def test_a_definer_function_reading_storage_objects_beside_them_is_still_an_error(
    database: Database, tmp_path: Path
) -> None:
    setup = PATH_HELPER.format(
        name="object_owner",
        body="return (select o.owner::text from storage.objects o "
        "where (storage.foldername(o.name))[1] = path limit 1);",
    )
    result = run_audit(database, GOOD + setup, tmp_path, fail_on="info")
    [hit] = [f for f in result.findings if f.rule == "anon_security_definer_function_executable"]
    assert hit.level == "error"
    assert hit.detail.endswith("; it reaches storage.objects"), hit.detail
