"""One snapshot of the catalog for the RLS audit: a fixed number of queries, whatever the size.

Expressions are read with ``pg_get_expr`` under an empty ``search_path`` so function
and table names come out schema-qualified; what a policy references (functions) is
read from ``pg_depend`` rather than guessed from text.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from supatools.db import relation_oid
from supatools.privileges import bits_sql, from_bits, missing

if TYPE_CHECKING:
    import psycopg

    from supatools.db import Query

    Conn = psycopg.Connection[tuple[object, ...]]

API_ROLES = ("anon", "authenticated")

#: column names that should never be readable without RLS: splinter's list (lint 0023)
#: and ours. A name matches when its last words are one of these (snake, kebab or camel
#: case): ``user_password`` and ``stripeApiKey`` do, ``token_count`` does not.
SENSITIVE_COLUMN_NAMES = (
    "password", "passwd", "pwd", "passphrase", "password_hash", "secret", "secret_key",
    "private_key", "api_key", "apikey", "auth_key", "token", "jwt", "access_token",
    "refresh_token", "oauth_token", "session_token", "bearer_token", "auth_code",
    "session_id", "session_key", "session_secret", "recovery_code", "backup_code",
    "verification_code", "otp", "two_factor", "2fa_secret", "2fa_code", "ssn",
    "social_security", "social_security_number", "driver_license", "drivers_license",
    "license_number", "passport_number", "passport_id", "national_id", "tax_id",
    "credit_card", "card_number", "cvv", "cvc", "cvn", "bank_account", "account_number",
    "routing_number", "iban", "swift_code", "bic", "health_record", "medical_record",
    "patient_id", "insurance_number", "health_insurance", "medical_insurance", "treatment",
    "mac_address", "macaddr", "imei", "device_uuid", "pgp_key", "gpg_key", "ssh_key",
    "certificate", "license_key", "activation_key", "facial_recognition",
)  # fmt: skip
SENSITIVE_COLUMN_PATTERN = "(^|_)(" + "|".join(SENSITIVE_COLUMN_NAMES) + ")$"
#: a column name in snake case: camelCase split, kebab joined, lower case
_SNAKE = "lower(replace(regexp_replace(a.attname, '([a-z0-9])([A-Z])', '\\1_\\2', 'g'), '-', '_'))"

_RELATIONS = (
    """
SELECT c.oid::bigint, n.nspname, c.relname, c.relkind::text, c.relrowsecurity,
       c.relforcerowsecurity, c.relispartition,
       (SELECT format('%%I.%%I', pn.nspname, pc.relname)
          FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent
          JOIN pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE i.inhrelid = c.oid LIMIT 1),
       -- PostgreSQL's own boolean parsing (yes, 'True', on, 1, t ...), as the option was
       coalesce((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                  WHERE o.option_name = 'security_invoker'), false),
       -- SELECT, INSERT, UPDATE, DELETE of each API role as bits 1, 2, 4, 8: twelve
       -- privilege checks per relation, and integers cross the wire cheaply
       """
    + ",\n       ".join(bits_sql(role) for role in ("anon", "authenticated", "service_role"))
    + """,
       -- sensitive column names matter only where RLS does not guard the rows
       CASE WHEN c.relkind IN ('r', 'p') AND c.relrowsecurity THEN NULL
            ELSE ARRAY(SELECT a.attname::text FROM pg_attribute a
                       WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                         AND """
    + _SNAKE
    + """ ~ %(sensitive)s) END,
       (c.relkind IN ('v', 'm') AND EXISTS (
            -- auth.users read by this view, or by a view it reads, at any depth
            WITH RECURSIVE reads(rel) AS (
              SELECT c.oid
              UNION
              SELECT d.refobjid FROM reads
              JOIN pg_rewrite r ON r.ev_class = reads.rel
              JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                              AND d.refclassid = 'pg_class'::regclass
                              AND d.refobjid <> reads.rel
            )
            SELECT 1 FROM reads WHERE rel = """
    + relation_oid("auth", "users")
    + """))
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
"""
)

_POLICIES = """
SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd::text,
       p.polroles::bigint[],
       pg_get_expr(p.polqual, p.polrelid),
       pg_get_expr(p.polwithcheck, p.polrelid),
       p.oid::bigint
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
"""

#: serial sequences (not identity ones) an INSERT through the API must use, by the oid of
#: their table: one pass over the sequences instead of a lookup per relation
_SERIAL_SEQUENCES = """
SELECT d.refobjid::bigint, format('%%I.%%I', sn.nspname, s.relname),
       has_sequence_privilege('anon', s.oid, 'USAGE'),
       has_sequence_privilege('authenticated', s.oid, 'USAGE')
FROM pg_class s
JOIN pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a'
WHERE s.relkind = 'S' AND sn.nspname = ANY(%(schemas)s)
ORDER BY 1, 2
"""

#: role names by oid, as regrole prints them (quoted only when they must be): a policy's
#: roles are mapped in Python instead of by a sub-select per policy
_ROLE_NAMES = "SELECT oid::bigint, oid::regrole::text FROM pg_roles"

#: the functions each policy calls (policy oid, function oid): one scan of pg_depend
#: instead of a lookup per policy
_POLICY_CALLS = """
SELECT d.objid::bigint, d.refobjid::bigint FROM pg_depend d
WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
"""

#: the policies of Supabase Storage's two tables, read like the API schemas' policies
_STORAGE_POLICIES = _POLICIES.replace(
    "WHERE n.nspname = ANY(%(schemas)s)",
    "WHERE n.nspname = 'storage' AND c.relname IN ('objects', 'buckets')",
)
assert _STORAGE_POLICIES != _POLICIES

#: the ids of public buckets. storage.buckets is read only when it exists and may be read
#: (a database without Storage answers with none, not an error): a DO block decides, and
#: hands the ids over in a transaction-local setting
_PUBLIC_BUCKETS_READ = (
    """
DO $supatools$
BEGIN
    IF has_table_privilege(coalesce("""
    + relation_oid("storage", "buckets")
    + """, 0), 'SELECT') THEN
        PERFORM set_config('supatools.public_buckets',
            (SELECT coalesce(json_agg(id ORDER BY id), '[]')::text
               FROM storage.buckets WHERE public), true);
    END IF;
END
$supatools$
"""
)
_PUBLIC_BUCKETS = "SELECT coalesce(current_setting('supatools.public_buckets', true), '')"

#: the functions policies call, once each however many policies call them
_POLICY_FUNCTIONS = """
SELECT f.oid::bigint, f.oid::regprocedure::text,
       has_function_privilege('anon', f.oid, 'EXECUTE'),
       has_function_privilege('authenticated', f.oid, 'EXECUTE')
FROM pg_proc f
WHERE f.oid IN (SELECT d.refobjid FROM pg_depend d
                WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass)
"""

#: every function of the project's own schemas, to follow the calls of policy helpers
_BODIES = """
SELECT p.oid::bigint, format('%%s.%%s', n.nspname, p.proname), l.lanname, p.prosrc,
       pg_get_function_arguments(p.oid), pg_get_function_result(p.oid)
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE NOT n.nspname = ANY(%(internal)s) AND n.nspname !~ '^pg_'
  AND l.lanname IN ('sql', 'plpgsql') AND p.prokind = 'f'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
"""

_EXTENSIONS = """
SELECT n.nspname, e.extname, e.extrelocatable
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = ANY(%(schemas)s) AND e.extname <> 'plpgsql'
ORDER BY 1, 2
"""

#: splinter's catalog lints that need no policy or function analysis, one row per finding:
#: (rule, level, schema, object, detail, remediation)
_LINTS = r"""
SELECT 'unsupported_reg_types', 'warn', n.nspname, c.relname,
       format('column %%I is of type %%s, which pg_upgrade cannot carry: it blocks upgrades '
              'of the project', a.attname, t.typname),
       format('ALTER TABLE %%I.%%I ALTER COLUMN %%I TYPE text USING %%I::text;',
              n.nspname, c.relname, a.attname, a.attname)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p', 'm')
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
WHERE t.typnamespace = 'pg_catalog'::regnamespace
  AND t.typname IN ('regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper',
                    'regoperator', 'regproc', 'regprocedure')
  AND a.attnum > 0 AND NOT a.attisdropped
  AND NOT n.nspname = ANY(%(internal)s) AND n.nspname !~ '^pg_'
UNION ALL
SELECT 'fkey_to_auth_unique', 'error', n.nspname, rel.relname,
       format('foreign key %%I references %%I.%%I through a unique constraint that is not '
              'its primary key; Supabase may drop such constraints in an upgrade',
              con.conname, rn.nspname, ref.relname),
       format('ALTER TABLE %%I.%%I DROP CONSTRAINT %%I; -- then reference %%I.%%I by its '
              'primary key', n.nspname, rel.relname, con.conname, rn.nspname, ref.relname)
FROM pg_constraint con
JOIN pg_class rel ON rel.oid = con.conrelid
JOIN pg_namespace n ON n.oid = rel.relnamespace
JOIN pg_class ref ON ref.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = ref.relnamespace
JOIN pg_index i ON i.indexrelid = con.conindid
WHERE con.contype = 'f' AND rn.nspname = 'auth' AND i.indisunique AND NOT i.indisprimary
  AND NOT n.nspname = ANY(%(internal)s) AND n.nspname !~ '^pg_'
UNION ALL
SELECT 'insecure_queue_exposed_in_api', 'error', n.nspname, c.relname,
       'pgmq queue table readable by the API roles through pgmq_public, without RLS',
       format('ALTER TABLE %%I.%%I ENABLE ROW LEVEL SECURITY;', n.nspname, c.relname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'pgmq' AND c.relname LIKE 'q\_%%' AND c.relkind IN ('r', 'p')
  AND NOT c.relrowsecurity AND 'pgmq_public' = ANY(%(schemas)s)
  AND (has_table_privilege('anon', c.oid, 'SELECT')
       OR has_table_privilege('authenticated', c.oid, 'SELECT'))
UNION ALL
SELECT 'extension_versions_outdated', 'warn', n.nspname, e.extname,
       format('extension %%s is at version %%s; this server ships %%s', e.extname,
              e.extversion, a.default_version),
       format('ALTER EXTENSION %%I UPDATE;', e.extname)
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
JOIN pg_available_extensions a ON a.name = e.extname
WHERE a.default_version IS NOT NULL AND e.extversion <> a.default_version
UNION ALL
SELECT 'pg_graphql_' || r.role || '_table_exposed', r.level, n.nspname, c.relname,
       format('pg_graphql is installed and %%s may select from it: its name, columns and '
              'relationships are visible in GraphQL introspection to %%s', r.role, r.who),
       format('REVOKE SELECT ON %%I.%%I FROM %%I;', n.nspname, c.relname, r.role)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN (VALUES ('anon', 'warn', 'anyone holding the public anon key'),
                   ('authenticated', 'info', 'every signed-in user')) AS r(role, level, who)
WHERE EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_graphql')
  AND c.relkind IN ('r', 'v', 'm', 'f') AND n.nspname = ANY(%(schemas)s)
  -- any column selectable (a table-level grant or a column grant), as pg_graphql decides
  AND has_any_column_privilege(r.role, c.oid, 'SELECT')
ORDER BY 1, 3, 4
"""

#: what an unqualified name in a function body resolves to with search_path = ''
_CATALOG_NAMES = """
SELECT ARRAY(SELECT DISTINCT proname::text FROM pg_proc
              WHERE pronamespace = 'pg_catalog'::regnamespace)
       || ARRAY(SELECT typname::text FROM pg_type
                 WHERE typnamespace = 'pg_catalog'::regnamespace)
"""

_FUNCTIONS = """
SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), p.prosecdef,
       coalesce(EXISTS (SELECT 1 FROM unnest(p.proconfig) AS cfg
                         WHERE cfg LIKE 'search\\_path=%%'), false),
       has_function_privilege('anon', p.oid, 'EXECUTE'),
       has_function_privilege('authenticated', p.oid, 'EXECUTE'),
       p.prorettype IN ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype),
       n.nspname = ANY(%(schemas)s),
       p.oid::regprocedure::text, l.lanname, p.prosrc,
       pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),
       ARRAY(SELECT DISTINCT format('%%I on %%I.%%I', pol.polname, pn.nspname, pc.relname)
               FROM pg_depend d JOIN pg_policy pol ON pol.oid = d.objid
               JOIN pg_class pc ON pc.oid = pol.polrelid
               JOIN pg_namespace pn ON pn.oid = pc.relnamespace
              WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
                AND d.refobjid = p.oid ORDER BY 1)
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
JOIN pg_namespace n ON n.oid = p.pronamespace
-- every function of the exposed schemas; SECURITY DEFINER ones of every other schema of
-- the project too (a trigger reaches them whatever schema they live in)
WHERE (n.nspname = ANY(%(schemas)s)
       OR (p.prosecdef AND NOT n.nspname = ANY(%(internal)s) AND n.nspname !~ '^pg_'))
  AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY n.nspname, p.proname, 3
"""


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

    def privileges_of(self, role: str) -> tuple[str, ...]:
        return self.anon_privileges if role == "anon" else self.authenticated_privileges

    @property
    def qualified(self) -> str:
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

    @property
    def qualified_table(self) -> str:
        return f"{self.schema}.{self.table}"

    def applies_to(self, role: str) -> bool:
        return "public" in self.roles or role in self.roles

    def covers(self, command: str) -> bool:
        return self.command in (command, "all")


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
    #: findings of the catalog lints (_LINTS): (rule, level, schema, object, detail, fix)
    lints: tuple[tuple[str, ...], ...] = ()
    #: functions and types of pg_catalog: what a body finds with search_path = ''
    catalog_names: frozenset[str] = frozenset()
    #: the project's SQL and PL/pgSQL functions by oid (policy helpers and what they call)
    bodies: dict[int, FunctionBody] = dataclasses.field(default_factory=dict)
    #: policies on storage.objects and storage.buckets, and the ids of public buckets
    storage_policies: tuple[Policy, ...] = ()
    public_buckets: tuple[str, ...] = ()

    @functools.cached_property
    def by_table(self) -> dict[str, list[Policy]]:
        """Policies grouped by ``schema.table``, computed once for every rule."""
        grouped: dict[str, list[Policy]] = {}
        for policy in self.policies:
            grouped.setdefault(policy.qualified_table, []).append(policy)
        return grouped

    @functools.cached_property
    def per_role_and_command(self) -> list[tuple[str, str, str, str, list[Policy]]]:
        """(schema, table, role, command, policies applying) for every API role and command
        that has at least one policy, in table order. Each policy is placed in the buckets
        it covers once, instead of every bucket testing every policy."""
        commands = ("select", "insert", "update", "delete")
        order = [(role, command) for role in API_ROLES for command in commands]
        # (roles, command) -> the (role, command) buckets such a policy belongs to: a few
        # distinct combinations however many policies there are
        pairs_of: dict[tuple[tuple[str, ...], str], tuple[tuple[str, str], ...]] = {}
        found = []
        for table, policies in sorted(self.by_table.items()):
            schema, _, name = table.partition(".")
            buckets: dict[tuple[str, str], list[Policy]] = {}
            for policy in policies:
                key = (policy.roles, policy.command)
                pairs = pairs_of.get(key)
                if pairs is None:
                    covered = commands if policy.command == "all" else (policy.command,)
                    pairs = tuple(
                        (role, command)
                        for role in API_ROLES
                        if policy.applies_to(role)
                        for command in covered
                    )
                    pairs_of[key] = pairs
                for pair in pairs:
                    bucket = buckets.get(pair)
                    if bucket is None:
                        buckets[pair] = [policy]
                    else:
                        bucket.append(policy)
            for pair in order:
                applying = buckets.get(pair)
                if applying:
                    found.append((schema, name, pair[0], pair[1], applying))
        return found

    #: policy clauses (as printed) that the server evaluated to true for every row
    always_true: frozenset[str] = frozenset()


def with_constants(conn: Conn, snap: Snapshot) -> Snapshot:
    """``snap`` with :attr:`Snapshot.always_true` filled: every policy clause that is
    constant (see :func:`supatools.rls.expressions.is_constant`) evaluated once by the
    server, in a read-only transaction (a savepoint inside the caller's). One round trip,
    and none when no clause is constant."""
    import psycopg

    from supatools.rls.expressions import is_constant

    clauses = sorted(
        {
            c
            for p in (*snap.policies, *snap.storage_policies)
            for c in (p.using, p.with_check)
            if c is not None and is_constant(c)
        }
    )
    if not clauses:
        return snap
    inside = conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE
    select = "SELECT " + ", ".join(f"coalesce(({c})::boolean, false)" for c in clauses)
    try:
        (got,) = _read_apart(conn, "supatools_constants", [select])
    except psycopg.Error:
        if inside and not conn.broken:
            conn.execute("ROLLBACK TO SAVEPOINT supatools_constants")
        return snap  # a clause that fails to evaluate (1/0) is not "always true"
    values = got[0]
    true = frozenset(c for c, value in zip(clauses, values, strict=True) if value is True)
    return dataclasses.replace(snap, always_true=true)


def _function(r: tuple[Any, ...]) -> Function:
    """A row of _FUNCTIONS."""
    return Function(
        schema=str(r[0]),
        name=str(r[1]),
        arguments=str(r[2]),
        security_definer=bool(r[3]),
        search_path_set=bool(r[4]),
        anon_execute=bool(r[5]),
        authenticated_execute=bool(r[6]),
        is_trigger=bool(r[7]),
        exposed=bool(r[8]),
        quoted=str(r[9]),
        language=str(r[10]),
        body=str(r[11] or ""),
        declared_arguments=str(r[12] or ""),
        result=str(r[13] or ""),
        used_by=tuple(str(x) for x in r[14] or ()),
    )


def _policy(
    r: tuple[Any, ...],
    calls: dict[int, tuple[PolicyFunction, ...]],
    roles: dict[int, str],
    role_sets: dict[tuple[int, ...], tuple[str, ...]],
) -> Policy:
    """A row of _POLICIES (or _STORAGE_POLICIES), with the functions it calls."""
    oids = tuple(r[5] or ())
    names = role_sets.get(oids)
    if names is None:  # a few distinct role lists across thousands of policies
        # oid 0 is PUBLIC (a policy for every role)
        names = ("public",) if oids == (0,) else tuple(sorted(roles.get(o, str(o)) for o in oids))
        role_sets[oids] = names
    return Policy(
        schema=r[0],
        table=r[1],
        name=r[2],
        permissive=r[3],
        command=_COMMANDS.get(r[4], r[4]),
        roles=names,
        using=r[6],
        with_check=r[7],
        functions=calls.get(r[8], ()),
    )


_COMMANDS = {"r": "select", "a": "insert", "w": "update", "d": "delete", "*": "all"}


def _read_apart(conn: Conn, savepoint: str, queries: list[Query]) -> list[list[Any]]:
    """The results of ``queries``, run in one round trip apart from the caller: under a
    savepoint rolled back afterwards inside the caller's transaction (``--atomic``), so
    their SET LOCALs end with them, else in a read-only transaction of their own."""
    import psycopg

    from supatools.db import batch

    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        opening = [f"SAVEPOINT {savepoint}"]
        closing = [f"ROLLBACK TO SAVEPOINT {savepoint}", f"RELEASE SAVEPOINT {savepoint}"]
    else:
        opening, closing = ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"], ["COMMIT"]
    got = batch(conn, [*opening, *queries, *closing])
    return got[len(opening) : len(opening) + len(queries)]


def snapshot(conn: Conn, schemas: tuple[str, ...]) -> Snapshot:
    """Read relations, policies and functions of ``schemas`` in one read-only transaction."""
    from supatools.schemas import INTERNAL_SCHEMAS

    params = {
        "schemas": list(schemas),
        "sensitive": SENSITIVE_COLUMN_PATTERN,
        "internal": sorted(INTERNAL_SCHEMAS),
    }
    # one round trip, one snapshot; an empty search_path makes pg_get_expr / regprocedure
    # print qualified names, and is undone before the caller's transaction goes on
    got = _read_apart(
        conn,
        "supatools_snapshot",
        [
            "SET LOCAL search_path = ''",
            # JIT compiles these catalog queries for longer than they run (0.6 s of 0.75 s
            # at 2,000 tables on PostgreSQL 15): plain execution is the fast path here
            "SET LOCAL jit = off",
            (_RELATIONS, params),
            (_SERIAL_SEQUENCES, params),
            (_POLICIES, params),
            _ROLE_NAMES,
            _POLICY_CALLS,
            (_POLICY_FUNCTIONS, params),
            (_BODIES, params),
            (_FUNCTIONS, params),
            (_EXTENSIONS, params),
            (_LINTS, params),
            _CATALOG_NAMES,
            (_STORAGE_POLICIES, params),
            _PUBLIC_BUCKETS_READ,
            _PUBLIC_BUCKETS,
        ],
    )
    (
        relation_rows,
        serial_rows,
        policy_rows,
        role_rows,
        call_rows,
        policy_function_rows,
        body_rows,
        function_rows,
        extension_rows,
        lint_rows,
        name_rows,
        storage_policy_rows,
        _read,
        bucket_rows,
    ) = got[2:]
    called = {
        int(r[0]): PolicyFunction(str(r[1]), bool(r[2]), bool(r[3]), int(r[0]))
        for r in policy_function_rows
    }
    serials: dict[int, tuple[tuple[str, bool, bool], ...]] = {}
    for table_oid, sequence, anon, authenticated in serial_rows:
        serials[table_oid] = (*serials.get(table_oid, ()), (sequence, anon, authenticated))
    relations = tuple(
        Relation(
            schema=r[1],
            name=r[2],
            kind=r[3],
            rls=r[4],
            force_rls=r[5],
            is_partition=r[6],
            parent=r[7] or None,
            security_invoker=r[8],
            anon_select=bool(r[9] & 1),
            anon_write=bool(r[9] & 14),
            authenticated_select=bool(r[10] & 1),
            authenticated_write=bool(r[10] & 14),
            service_role_missing=missing(r[11]),
            sensitive_columns=tuple(r[12] or ()),
            references_auth_users=bool(r[13]),
            anon_privileges=from_bits(r[9]),
            authenticated_privileges=from_bits(r[10]),
            sequences=serials.get(r[0], ()),
        )
        for r in relation_rows
    )
    role_names = {int(oid): str(name) for oid, name in role_rows}
    by_policy: dict[int, list[int]] = {}
    for policy_oid, function_oid in call_rows:
        by_policy.setdefault(int(policy_oid), []).append(int(function_oid))
    # policies calling the same functions share one tuple (rules memoise on it)
    shared: dict[tuple[int, ...], tuple[PolicyFunction, ...]] = {}
    calls = {}
    for policy_oid, oids in by_policy.items():
        key = tuple(sorted(set(oids)))
        if key not in shared:
            shared[key] = tuple(called[oid] for oid in key if oid in called)
        calls[policy_oid] = shared[key]
    role_sets: dict[tuple[int, ...], tuple[str, ...]] = {}
    policies = sorted(
        (_policy(r, calls, role_names, role_sets) for r in policy_rows),
        key=lambda p: (p.schema, p.table, p.name),
    )
    storage_policies = tuple(
        sorted(
            (_policy(r, calls, role_names, role_sets) for r in storage_policy_rows),
            key=lambda p: (p.schema, p.table, p.name),
        )
    )
    import json

    listed = str(bucket_rows[0][0]) if bucket_rows and bucket_rows[0][0] else "[]"
    public_buckets = tuple(str(b) for b in json.loads(listed))
    functions_found = tuple(_function(r) for r in function_rows)
    extensions = tuple((str(r[0]), str(r[1]), bool(r[2])) for r in extension_rows)
    lints = tuple(tuple(str(v) for v in r) for r in lint_rows)
    names = frozenset(str(n) for n in name_rows[0][0] or ())
    bodies = {
        int(r[0]): FunctionBody(str(r[1]), str(r[2]), str(r[3] or ""), str(r[4]), str(r[5]))
        for r in body_rows
    }
    return Snapshot(
        schemas,
        relations,
        tuple(policies),
        functions_found,
        extensions,
        lints,
        names,
        bodies,
        storage_policies,
        public_buckets,
    )
