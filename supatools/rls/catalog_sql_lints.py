"""More of the audit's catalog SQL (issue 20): lints decided by the catalog alone, and the
columns that make a table per-user. Each is one query of the snapshot's one round trip,
whatever the size of the schema.

``MORE_LINTS`` rows are ``(rule, level, schema, object, detail, remediation)`` like
``catalog_sql.LINTS``; each rule reads its own (``Snapshot.lints_of``).
"""

from __future__ import annotations

#: the project's own schemas: not Supabase's, not PostgreSQL's
_PROJECT = "NOT n.nspname = ANY(%(internal)s) AND n.nspname !~ '^pg_'"
#: a relation an extension created is the extension's business
_NOT_EXTENSION = """NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass
                  AND e.objid = c.oid AND e.deptype = 'e')"""

MORE_LINTS = (
    r"""
SELECT 'unindexed_foreign_keys', 'info', n.nspname, c.relname,
       format('foreign key %%I (%%s) has no index starting with its columns: deleting or '
              'updating a referenced row scans this whole table', con.conname, cols.names),
       format('CREATE INDEX ON %%I.%%I (%%s);', n.nspname, c.relname, cols.names)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL (
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) AS names
    FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) cols
WHERE con.contype = 'f' AND con.conparentid = 0 AND """
    + _PROJECT
    + " AND "
    + _NOT_EXTENSION
    + """
  -- an index whose leading columns are the key's columns, in any order
  AND NOT EXISTS (
      SELECT 1 FROM pg_index i
       WHERE i.indrelid = con.conrelid AND i.indpred IS NULL
         AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)]
             @> con.conkey
         AND (string_to_array(i.indkey::text, ' ')::int2[])[1:cardinality(con.conkey)]
             <@ con.conkey)
UNION ALL
SELECT 'duplicate_index', 'warn', n.nspname, c.relname,
       format('indexes %%s are identical: each slows every write and takes space; drop all '
              'but one (keep one a constraint uses)',
              string_agg(quote_ident(ic.relname), ', ' ORDER BY ic.relname)),
       ''
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE """
    + _PROJECT
    + " AND "
    + _NOT_EXTENSION
    + """
  -- only tables with two indexes or more are grouped (most have one, their key's)
  AND i.indrelid IN (SELECT x.indrelid FROM pg_index x GROUP BY 1 HAVING count(*) > 1)
GROUP BY n.nspname, c.relname, i.indrelid, i.indkey::text, i.indclass::text,
         i.indcollation::text, i.indoption::text, i.indisunique,
         coalesce(pg_get_expr(i.indexprs, i.indrelid), ''),
         coalesce(pg_get_expr(i.indpred, i.indrelid), '')
HAVING count(*) > 1
UNION ALL
SELECT 'no_primary_key', 'info', n.nspname, c.relname,
       'table without a primary key: its rows cannot be told apart for updates, upserts '
       'or logical replication, and it is slow to update at scale',
       ''
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND """
    + _PROJECT
    + " AND "
    + _NOT_EXTENSION
    + """
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
UNION ALL
SELECT DISTINCT 'policy_schema_not_usable', 'warn', n.nspname, c.relname,
       format('policy %%I reads %%I.%%I, but %%s has no USAGE on schema %%I: every %%s '
              'request this policy is checked for fails with permission denied',
              p.polname, u.nspname, u.relname, u.role, u.nspname, u.role),
       format('GRANT USAGE ON SCHEMA %%I TO %%I;', u.nspname, u.role)
-- driven from the schemas an API role may not use (few, with few relations): what reads
-- their relations is found through pg_depend's index on what is referenced, instead of
-- every policy of the exposed schemas being joined to what it reads
FROM (SELECT rn.nspname, r.role, rc.relname, d.objid, d.refobjid
        FROM pg_namespace rn
       CROSS JOIN (VALUES ('anon'), ('authenticated')) AS r(role)
        JOIN pg_class rc ON rc.relnamespace = rn.oid
        JOIN pg_depend d ON d.refclassid = 'pg_class'::regclass AND d.refobjid = rc.oid
                        AND d.classid = 'pg_policy'::regclass
       -- a schema an API role may not use is rare: without one, nothing below runs at all
       WHERE EXISTS (SELECT 1 FROM pg_namespace x
                      WHERE x.nspname !~ '^pg_'
                        AND NOT (has_schema_privilege('anon', x.oid, 'USAGE')
                                 AND has_schema_privilege('authenticated', x.oid, 'USAGE')))
         AND NOT has_schema_privilege(r.role, rn.oid, 'USAGE')
      OFFSET 0) u
JOIN pg_policy p ON p.oid = u.objid AND p.polrelid <> u.refobjid
JOIN pg_class c ON c.oid = p.polrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND (p.polroles = '{0}' OR to_regrole(u.role) = ANY(p.polroles))
  -- a role that cannot reach the table at all never gets to the policy
  AND has_table_privilege(u.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE')
UNION ALL
SELECT 'column_grant_redundant', 'warn', n.nspname, c.relname,
       format('%%s is granted to %%s on column(s) %%s, but %%s also holds %%s on the whole '
              'table: the column grant limits nothing', ca.privilege_type, ro.rolname,
              string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), ro.rolname,
              ca.privilege_type),
       format('REVOKE %%s ON %%I.%%I FROM %%I; GRANT %%s (%%s) ON %%I.%%I TO %%I;',
              ca.privilege_type, n.nspname, c.relname, ro.rolname, ca.privilege_type,
              string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum), n.nspname,
              c.relname, ro.rolname)
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(a.attacl) AS ca
JOIN pg_roles ro ON ro.oid = ca.grantee
WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname = ANY(%(schemas)s) AND ro.rolname IN ('anon', 'authenticated')
  AND EXISTS (SELECT 1 FROM aclexplode(c.relacl) AS t
               WHERE t.privilege_type = ca.privilege_type AND t.grantee IN (ca.grantee, 0))
GROUP BY n.nspname, c.relname, ro.rolname, ca.privilege_type
ORDER BY 1, 3, 4, 5
"""
)

#: columns of the exposed schemas' tables that reference auth.users (a per-user table):
#: (schema, table, column)
OWNER_COLUMNS = """
SELECT n.nspname, c.relname, a.attname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
WHERE con.contype = 'f' AND cardinality(con.conkey) = 1
  -- from the catalog, not to_regclass: a role without USAGE on auth (a migration role
  -- that is not the owner) must still be audited, and to_regclass checks USAGE
  AND con.confrelid = (SELECT u.oid FROM pg_class u JOIN pg_namespace un
                       ON un.oid = u.relnamespace
                       WHERE un.nspname = 'auth' AND u.relname = 'users')
  AND n.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
"""
