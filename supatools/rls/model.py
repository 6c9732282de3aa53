"""What the RLS audit's rules read: the catalog snapshot as frozen dataclasses."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

API_ROLES = ("anon", "authenticated")

_T = TypeVar("_T")


def assembled(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass ``cls`` holding ``fields`` (every field, and
    a ``cached_property``'s value when it is known), made without its ``__init__``: that
    sets each field through ``object.__setattr__``, felt over the 20,000 relations, 40,000
    policies and 40,000 findings of a large audit. The same object, field for field
    (tests/test_rls_build.py holds each builder to the constructor)."""
    item = object.__new__(cls)
    object.__setattr__(item, "__dict__", fields)
    return item


@dataclass(frozen=True)
class Relation:
    """A table, view, materialized view or foreign table in an exposed schema."""

    schema: str
    name: str
    kind: str  # r table, p partitioned table, v view, m materialized view, f foreign table
    rls: bool
    force_rls: bool
    is_partition: bool
    parent: str | None
    security_invoker: bool
    anon_select: bool
    anon_write: bool
    authenticated_select: bool
    authenticated_write: bool
    service_role_missing: tuple[str, ...]
    sensitive_columns: tuple[str, ...]
    references_auth_users: bool
    #: table privileges held, of SELECT, INSERT, UPDATE, DELETE
    anon_privileges: tuple[str, ...] = ()
    authenticated_privileges: tuple[str, ...] = ()
    #: serial sequences: (qualified name, anon may use it, authenticated may use it)
    sequences: tuple[tuple[str, bool, bool], ...] = ()
    #: of SELECT, INSERT, UPDATE: those held on at least one column (a column grant, or
    #: the table-level grant); read only where some column carries a grant
    anon_column_privileges: tuple[str, ...] = ()
    authenticated_column_privileges: tuple[str, ...] = ()

    def privileges_of(self, role: str) -> tuple[str, ...]:
        return self.anon_privileges if role == "anon" else self.authenticated_privileges

    def column_privileges_of(self, role: str) -> tuple[str, ...]:
        """What ``role`` holds on some columns only or on the table (see above)."""
        if role == "anon":
            return self.anon_column_privileges
        return self.authenticated_column_privileges

    @functools.cached_property
    def qualified(self) -> str:
        # computed once: the rules ask every relation for it, 200,000 times at 20,000
        return f"{self.schema}.{self.name}"

    @property
    def is_table(self) -> bool:
        return self.kind in ("r", "p")

    @property
    def api_readable(self) -> bool:
        return self.anon_select or self.authenticated_select

    @property
    def api_roles(self) -> tuple[str, ...]:
        """API roles holding any privilege on it."""
        return tuple(
            role
            for role, held in (
                ("anon", self.anon_select or self.anon_write),
                ("authenticated", self.authenticated_select or self.authenticated_write),
            )
            if held
        )


class _Executable:
    anon_execute: bool
    authenticated_execute: bool

    def executable_by(self, role: str) -> bool:
        """Whether ``role`` (anon or authenticated) may EXECUTE it."""
        return self.anon_execute if role == "anon" else self.authenticated_execute


@dataclass(frozen=True)
class PolicyFunction(_Executable):
    """A function a policy calls, and whether the API roles may execute it."""

    signature: str
    anon_execute: bool
    authenticated_execute: bool
    oid: int = 0


@dataclass(frozen=True)
class FunctionBody:
    """A function of the project (any non-system schema), with what parsing its body needs."""

    qualified: str  # schema.name
    language: str
    body: str
    arguments: str  # pg_get_function_arguments
    result: str  # pg_get_function_result


@dataclass(frozen=True)
class Policy:
    """One row-level security policy."""

    schema: str
    table: str
    name: str
    permissive: bool
    command: str  # select | insert | update | delete | all
    roles: tuple[str, ...]  # 'public' means every role
    using: str | None
    with_check: str | None
    functions: tuple[PolicyFunction, ...]

    @functools.cached_property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}"

    def applies_to(self, role: str) -> bool:
        return "public" in self.roles or role in self.roles


@dataclass(frozen=True)
class Function(_Executable):
    """A function in an exposed schema."""

    schema: str
    name: str
    arguments: str
    security_definer: bool
    search_path_set: bool
    anon_execute: bool
    authenticated_execute: bool
    #: returns trigger / event_trigger: runs only from its trigger, PostgREST cannot call it
    is_trigger: bool = False
    #: in a schema the API exposes (else a SECURITY DEFINER function of another schema)
    exposed: bool = True
    #: ``oid::regprocedure`` under an empty search_path: schema-qualified and quoted
    quoted: str = ""
    language: str = ""
    body: str = ""
    #: ``pg_get_function_arguments`` / ``pg_get_function_result``
    declared_arguments: str = ""
    result: str = ""
    #: the policies that call it, as "policy on schema.table"
    used_by: tuple[str, ...] = ()

    @property
    def signature(self) -> str:
        """The signature as SQL that runs (quoted where needed)."""
        return self.quoted or f"{self.schema}.{self.name}({self.arguments})"


@dataclass(frozen=True)
class Snapshot:
    """Everything the rules need, read in one transaction."""

    schemas: tuple[str, ...]
    relations: tuple[Relation, ...]
    policies: tuple[Policy, ...]
    functions: tuple[Function, ...]
    #: extensions installed in an exposed schema: (schema, name, relocatable)
    extensions: tuple[tuple[str, str, bool], ...] = ()
    #: findings of the catalog lints (catalog_sql.LINTS): (rule, level, schema, object, detail, fix)
    lints: tuple[tuple[str, ...], ...] = ()
    #: functions and types of pg_catalog: what a body finds with search_path = ''
    catalog_names: frozenset[str] = frozenset()
    #: the project's SQL and PL/pgSQL functions by oid (policy helpers and what they call)
    bodies: dict[int, FunctionBody] = dataclasses.field(default_factory=dict)
    #: policies on storage.objects, storage.buckets and realtime.messages, and the ids
    #: of public buckets
    storage_policies: tuple[Policy, ...] = ()
    public_buckets: tuple[str, ...] = ()
    #: roles the default privileges grant new tables in public to (pg_default_acl): the
    #: database's grants era (supatools.era.from_default_grantees)
    default_grantees: frozenset[str] = frozenset()
    #: (schema, table, column) of each column referencing auth.users: per-user tables
    owner_columns: tuple[tuple[str, str, str], ...] = ()

    @functools.cached_property
    def owners(self) -> dict[str, tuple[str, ...]]:
        """The columns referencing auth.users, by ``schema.table``."""
        grouped: dict[str, tuple[str, ...]] = {}
        for schema, table, column in self.owner_columns:
            key = f"{schema}.{table}"
            grouped[key] = (*grouped.get(key, ()), column)
        return grouped

    def lints_of(self, rule: str) -> Iterator[tuple[str, ...]]:
        """The catalog lint rows (see :attr:`lints`) of ``rule``."""
        return (row for row in self.lints if row[0] == rule)

    @functools.cached_property
    def by_table(self) -> dict[str, list[Policy]]:
        """Policies grouped by ``schema.table``, computed once for every rule."""
        grouped: dict[str, list[Policy]] = {}
        # the policies come sorted by table: the key is made once per table
        schema = table = None
        bucket: list[Policy] = []
        for policy in self.policies:
            if policy.table != table or policy.schema != schema:
                schema, table = policy.schema, policy.table
                bucket = grouped.setdefault(policy.qualified_table, [])
            bucket.append(policy)
        return grouped

    @functools.cached_property
    def per_role_and_command(self) -> list[tuple[str, str, str, str, list[Policy]]]:
        """(schema, table, role, command, policies applying) for every API role and command
        that has at least one policy, in table order. Each policy is placed in the buckets
        it covers once, instead of every bucket testing every policy."""
        commands = ("select", "insert", "update", "delete")
        order = [(role, command) for role in API_ROLES for command in commands]
        # (roles, command) -> the positions in ``order`` of the buckets such a policy
        # belongs to: a few distinct combinations however many policies there are
        slots_of: dict[tuple[tuple[str, ...], str], tuple[int, ...]] = {}
        found = []
        for table, policies in sorted(self.by_table.items()):
            schema, _, name = table.partition(".")
            buckets: dict[int, list[Policy]] = {}
            for policy in policies:
                key = (policy.roles, policy.command)
                slots = slots_of.get(key)
                if slots is None:
                    covered = commands if policy.command == "all" else (policy.command,)
                    slots = tuple(
                        order.index((role, command))
                        for role in API_ROLES
                        if policy.applies_to(role)
                        for command in covered
                    )
                    slots_of[key] = slots
                for slot in slots:
                    bucket = buckets.get(slot)
                    if bucket is None:
                        buckets[slot] = [policy]
                    else:
                        bucket.append(policy)
            for slot in sorted(buckets):
                role, command = order[slot]
                found.append((schema, name, role, command, buckets[slot]))
        return found

    #: policy clauses (as printed) that the server evaluated to true for every row
    always_true: frozenset[str] = frozenset()
