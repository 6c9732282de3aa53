"""Rules about Supabase Storage: who may create buckets, upload anywhere, or list a
public bucket."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from supatools.rls.findings import Finding, finding, ident, is_true
from supatools.rls.register import rule

if TYPE_CHECKING:
    from supatools.rls.catalog import Policy, Snapshot
    from supatools.rls.expectations import Expectations


_API_AUDIENCE = frozenset({"public", "anon", "authenticated"})


def _true_for_every_row(snap: Snapshot, clause: str | None) -> bool:
    """No clause (nothing checked), ``true``, or a constant the server found true."""
    return clause is None or is_true(snap, clause)


def _open_to_clients(snap: Snapshot, table: str) -> Iterator[tuple[Policy, list[str]]]:
    """Permissive policies on ``storage.<table>`` for the API roles, with those roles."""
    for policy in snap.storage_policies:
        audience = sorted(_API_AUDIENCE & set(policy.roles))
        if policy.permissive and audience and policy.table == table:
            yield policy, audience


def _unchecked_insert(snap: Snapshot, policy: Policy) -> bool:
    """An INSERT (or ALL) policy whose check passes every row."""
    check = policy.with_check if policy.with_check is not None else policy.using
    return policy.command in ("insert", "all") and _true_for_every_row(snap, check)


def _name(policy: Policy) -> str:
    return f"{ident(policy.name)} ON {ident(policy.schema, policy.table)}"


@rule(
    "storage_bucket_creation_open",
    "error",
    "A storage.buckets policy lets the API roles create buckets with no check.",
)
def storage_bucket_creation_open(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy, audience in _open_to_clients(snap, "buckets"):
        if _unchecked_insert(snap, policy):
            yield finding(
                "storage_bucket_creation_open",
                "error",
                policy,
                f"policy {policy.name!r} lets {', '.join(audience)} create buckets of any "
                "name and settings (public ones included)",
                f"DROP POLICY {_name(policy)};",
                "create buckets in a migration or with the service role, not from clients",
            )


@rule(
    "storage_upload_unrestricted",
    "error",
    "A storage.objects policy lets the API roles upload anywhere.",
    fix="advice",
)
def storage_upload_unrestricted(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy, audience in _open_to_clients(snap, "objects"):
        if _unchecked_insert(snap, policy):
            yield finding(
                "storage_upload_unrestricted",
                "error",
                policy,
                f"policy {policy.name!r} lets {', '.join(audience)} upload into any "
                "bucket at any path (WITH CHECK is always true)",
                "",
                "check the bucket and the path, e.g. WITH CHECK (bucket_id = 'avatars' AND "
                "(storage.foldername(name))[1] = (select auth.uid())::text)",
            )


@rule(
    "public_bucket_allows_listing",
    "warn",
    "A public bucket's files can be listed by clients.",
    splinter="0025_public_bucket_allows_listing",
)
def public_bucket_allows_listing(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    from supatools.rls.expressions import bucket_equality

    for policy, audience in _open_to_clients(snap, "objects"):
        if policy.command not in ("select", "all"):
            continue
        listed = bucket_equality(policy.using) if policy.using else None
        for bucket in snap.public_buckets:
            if _true_for_every_row(snap, policy.using) or listed == bucket:
                yield finding(
                    "public_bucket_allows_listing",
                    "warn",
                    policy,
                    f"public bucket {bucket!r}: policy {policy.name!r} lets "
                    f"{', '.join(audience)} list every file in it, not only fetch one by URL",
                    f"DROP POLICY {_name(policy)};",
                    "a public bucket serves its files by URL without any SELECT policy; keep "
                    "one only if clients must list the files",
                )


def _bucket_only(snap: Snapshot, policy: Policy) -> str | None:
    """The bucket, when every clause of a write policy on storage.objects checks only
    ``bucket_id = '<bucket>'`` (an always-true one is storage_upload_unrestricted's)."""
    from supatools.rls.expressions import bucket_equality

    clauses = [c for c in (policy.using, policy.with_check) if c is not None]
    buckets = {bucket_equality(c) for c in clauses}
    if not clauses or None in buckets or len(buckets) != 1:
        return None
    return buckets.pop()


@rule(
    "storage_write_bucket_only",
    ("warn", "error"),
    "A storage.objects write policy checks only the bucket: anyone allowed writes any file.",
    fix="advice",
)
def storage_write_bucket_only(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy, audience in _open_to_clients(snap, "objects"):
        if policy.schema != "storage" or policy.command not in ("insert", "update", "delete"):
            continue
        bucket = _bucket_only(snap, policy)
        if bucket is None:
            continue
        anyone = bool({"anon", "public"} & set(audience))
        does = {
            "insert": "upload any file at any path (anon too)" if anyone else "upload at any path",
            "update": "overwrite any file",
            "delete": "delete any file",
        }[policy.command]
        yield finding(
            "storage_write_bucket_only",
            "error" if anyone else "warn",
            policy,
            f"policy {policy.name!r} ({policy.command}) checks only bucket_id = {bucket!r}: "
            f"{', '.join(audience)} may {does} in the bucket",
            "",
            "check the path too, e.g. (storage.foldername(name))[1] = "
            "(select auth.uid())::text, or owner_id = (select auth.uid())::text",
        )


@rule(
    "realtime_messages_open",
    "warn",
    "A realtime.messages policy is always true: anyone listens and sends on any topic.",
    fix="advice",
)
def realtime_messages_open(snap: Snapshot, exp: Expectations) -> Iterator[Finding]:
    for policy in snap.storage_policies:
        if policy.schema != "realtime" or not policy.permissive:
            continue
        audience = sorted(_API_AUDIENCE & set(policy.roles))
        check = policy.with_check if policy.with_check is not None else policy.using
        open_clause = _true_for_every_row(snap, policy.using) and (
            policy.command in ("select", "delete") or _true_for_every_row(snap, check)
        )
        if audience and open_clause:
            what = {"select": "listen on", "insert": "send on"}.get(
                policy.command, "listen and send on"
            )
            yield finding(
                "realtime_messages_open",
                "warn",
                policy,
                f"policy {policy.name!r} ({policy.command}) is always true: "
                f"{', '.join(audience)} may {what} every private topic",
                "",
                "check the topic, e.g. using ((select realtime.topic()) = 'room:' || "
                "(select auth.uid())::text), or a membership table",
            )
