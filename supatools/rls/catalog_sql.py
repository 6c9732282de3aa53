"""The SQL of the RLS audit's catalog snapshot: every query :func:`supatools.rls.catalog.
snapshot` sends in its one round trip, as named constants.

Expressions are read with ``pg_get_expr`` under an empty ``search_path`` (set by the
snapshot) so function and table names come out schema-qualified; what a policy references
(functions) is read from ``pg_depend`` rather than guessed from text.
"""

from __future__ import annotations

from supatools.db import relation_oid
from supatools.privileges import bits_sql

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

#: the privileges a column grant can give that the API roles use, in the order of their bits
COLUMN_PRIVILEGES = ("SELECT", "INSERT", "UPDATE")


def column_bits_sql(role: str) -> str:
    """SQL for the bitmask of the privileges ``role`` holds on any column of ``c.oid``
    (table-level grants included, as ``has_any_column_privilege`` decides). ``role`` is
    one of supatools' own role names, never user input."""
    assert role.isidentifier(), role
    return (
        "("
        + " | ".join(
            f"(has_any_column_privilege('{role}', c.oid, '{privilege}')::int << {bit})"
            for bit, privilege in enumerate(COLUMN_PRIVILEGES)
        )
        + ")"
    )


RELATIONS = (
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
       -- sensitive column names matter only where RLS does not guard the rows, or a
       -- permissive SELECT policy's USING is true (sensitive_table_readable_by_anyone)
       CASE WHEN c.relkind IN ('r', 'p') AND c.relrowsecurity AND NOT EXISTS (
                 SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polpermissive
                    AND p.polcmd IN ('r', '*')
                    -- the stored tree of the constant true: no deparsing per policy
                    AND p.polqual::text LIKE '{CONST :consttype 16 %%:constisnull false %%'
                    AND p.polqual::text LIKE '%%:constvalue 1 [ 1 %%') THEN NULL
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
    + """)),
       -- SELECT, INSERT, UPDATE granted on some columns only (pg_attribute.attacl): anon's
       -- as bits 1, 2, 4, authenticated's as 16, 32, 64; checked only on the relations
       -- that have a column grant at all (an index probe of pg_attribute per relation)
       CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a
                          WHERE a.attrelid = c.oid AND a.attnum > 0
                            AND a.attacl IS NOT NULL AND NOT a.attisdropped)
            THEN """
    + column_bits_sql("anon")
    + " | ("
    + column_bits_sql("authenticated")
    + """ << 4)
            ELSE 0 END
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY n.nspname, c.relname
"""
)

#: the policies, their clauses deparsed (pg_get_expr). Deparsing opens the relation to
#: read its column names (a relcache entry built per table: half of this query's time
#: at 20,000 tables), so each clause is first deparsed against one relation with the
#: same columns (the lowest oid of the tables whose column names, dropped ones as NULL,
#: are the same), and again against its own table whenever the text holds either
#: table's name, quoted or not: a relation's name shows only as a prefix (a whole row, a
#: column read from a sub-select) or in a sub-select's alias made unique against it.
#: The text is therefore the one ``pg_get_expr(clause, polrelid)`` prints
#: (tests/test_rls_build.py compares them on clauses made to differ).
POLICIES = """
WITH alike AS (
    SELECT s.attrelid, min(s.attrelid) OVER (PARTITION BY s.columns) AS one
    FROM (SELECT a.attrelid,
                 array_agg(CASE WHEN a.attisdropped THEN NULL ELSE a.attname END
                           ORDER BY a.attnum) AS columns
            FROM pg_attribute a
           WHERE a.attrelid IN (SELECT polrelid FROM pg_policy) AND a.attnum > 0
           GROUP BY a.attrelid) s
)
SELECT n.nspname, c.relname, p.polname, p.polpermissive, p.polcmd::text,
       p.polroles::bigint[],
       CASE WHEN strpos(e.q, x.relname) > 0 OR strpos(e.q, c.relname) > 0
              OR strpos(e.q, quote_ident(x.relname)) > 0
              OR strpos(e.q, quote_ident(c.relname)) > 0
            THEN pg_get_expr(p.polqual, p.polrelid) ELSE e.q END,
       CASE WHEN strpos(e.w, x.relname) > 0 OR strpos(e.w, c.relname) > 0
              OR strpos(e.w, quote_ident(x.relname)) > 0
              OR strpos(e.w, quote_ident(c.relname)) > 0
            THEN pg_get_expr(p.polwithcheck, p.polrelid) ELSE e.w END,
       p.oid::bigint
FROM pg_policy p
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN alike a ON a.attrelid = p.polrelid
JOIN pg_class x ON x.oid = a.one
-- each clause deparsed once (OFFSET 0 keeps the sub-select from being inlined per use)
CROSS JOIN LATERAL (SELECT pg_get_expr(p.polqual, a.one) AS q,
                           pg_get_expr(p.polwithcheck, a.one) AS w OFFSET 0) e
WHERE n.nspname = ANY(%(schemas)s)
"""

#: serial sequences (not identity ones) an INSERT through the API must use, by the oid of
#: their table: one pass over the sequences instead of a lookup per relation
SERIAL_SEQUENCES = """
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
ROLE_NAMES = "SELECT oid::bigint, oid::regrole::text FROM pg_roles"

#: the functions each policy calls (policy oid, function oid): one scan of pg_depend
#: instead of a lookup per policy
POLICY_CALLS = """
SELECT d.objid::bigint, d.refobjid::bigint FROM pg_depend d
WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass
"""

#: the policies of Supabase Storage's two tables and of realtime.messages (Realtime's
#: private channels), read like the API schemas' policies
_STORAGE_TABLES = (
    "(n.nspname = 'storage' AND c.relname IN ('objects', 'buckets'))"
    " OR (n.nspname = 'realtime' AND c.relname = 'messages')"
)
STORAGE_POLICIES = POLICIES.replace(
    "WHERE n.nspname = ANY(%(schemas)s)", "WHERE " + _STORAGE_TABLES
).replace(
    # the columns of those three tables only, not of every table with a policy
    "a.attrelid IN (SELECT polrelid FROM pg_policy)",
    "a.attrelid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n"
    " ON n.oid = c.relnamespace WHERE " + _STORAGE_TABLES + ")",
)
assert STORAGE_POLICIES.count("'realtime'") == 2, "both conditions replaced"

#: the ids of public buckets. storage.buckets is read only when it exists and may be read
#: (a database without Storage answers with none, not an error): a DO block decides, and
#: hands the ids over in a transaction-local setting
PUBLIC_BUCKETS_READ = (
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
PUBLIC_BUCKETS = "SELECT coalesce(current_setting('supatools.public_buckets', true), '')"

#: the roles default privileges grant new tables in public to (supatools.era: anon,
#: authenticated and service_role on a project created before 2026-10-30)
DEFAULT_GRANTEES = """
SELECT coalesce(array_agg(DISTINCT a.grantee::regrole::text), '{}') FROM pg_default_acl d
CROSS JOIN LATERAL aclexplode(d.defaclacl) a
WHERE d.defaclobjtype = 'r' AND a.grantee <> 0
  AND d.defaclnamespace IN (0, (SELECT oid FROM pg_namespace WHERE nspname = 'public'))
"""

#: the functions policies call, once each however many policies call them
POLICY_FUNCTIONS = """
SELECT f.oid::bigint, f.oid::regprocedure::text,
       has_function_privilege('anon', f.oid, 'EXECUTE'),
       has_function_privilege('authenticated', f.oid, 'EXECUTE')
FROM pg_proc f
WHERE f.oid IN (SELECT d.refobjid FROM pg_depend d
                WHERE d.classid = 'pg_policy'::regclass AND d.refclassid = 'pg_proc'::regclass)
"""

#: every function of the project's own schemas, to follow the calls of policy helpers
BODIES = """
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

EXTENSIONS = """
SELECT n.nspname, e.extname, e.extrelocatable
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = ANY(%(schemas)s) AND e.extname <> 'plpgsql'
ORDER BY 1, 2
"""

#: splinter's catalog lints that need no policy or function analysis, one row per finding:
#: (rule, level, schema, object, detail, remediation)
LINTS = r"""
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
CATALOG_NAMES = """
SELECT ARRAY(SELECT DISTINCT proname::text FROM pg_proc
              WHERE pronamespace = 'pg_catalog'::regnamespace)
       || ARRAY(SELECT typname::text FROM pg_type
                 WHERE typnamespace = 'pg_catalog'::regnamespace)
"""

FUNCTIONS = """
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
