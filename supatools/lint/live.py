"""What the database named with ``lint --db-url`` / ``--local`` already grants the API roles.

``policy_without_grant`` reads grants from the files; a project whose grants were made
outside them (by the dashboard, by ``ALTER DEFAULT PRIVILEGES`` run once by hand, or by
the platform) has them in the database: its default ACLs for new tables, and its tables'
own ACLs. One query, only when a database is named (lint itself needs none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supatools.db import Conn

#: (target, role) as the folder's grants are kept: "schema.table", "schema.*" (default
#: privileges in a schema) or "*.*" (default privileges everywhere), for anon and
#: authenticated, from pg_default_acl and from every table's ACL
API_GRANTS_SQL = """
SELECT coalesce(n.nspname, '*') || '.*', r.rolname
FROM pg_default_acl d
CROSS JOIN LATERAL aclexplode(d.defaclacl) a
JOIN pg_roles r ON r.oid = a.grantee
LEFT JOIN pg_namespace n ON n.oid = NULLIF(d.defaclnamespace, 0)
WHERE d.defaclobjtype = 'r' AND r.rolname IN ('anon', 'authenticated')
UNION
SELECT n.nspname || '.' || c.relname, r.rolname
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN LATERAL aclexplode(c.relacl) a
JOIN pg_roles r ON r.oid = a.grantee
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND r.rolname IN ('anon', 'authenticated')
"""


def api_grants(conn: Conn) -> set[tuple[str, str]]:
    """The grants to anon and authenticated the database holds (see :data:`API_GRANTS_SQL`)."""
    return {(str(target), str(role)) for target, role in conn.execute(API_GRANTS_SQL).fetchall()}
