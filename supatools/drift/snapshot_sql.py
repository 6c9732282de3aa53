"""The catalog queries of drift's snapshot: each returns rows of (kind, path, compared
attributes as jsonb, kept attributes as jsonb); all of them travel in one round trip.

``path`` is the object's identity as names (``[schema, table, column]``), the compared
attributes are what a drift is made of, the kept ones (``ddl``, the parent's kind) only
serve the writer. The project's schemas are every schema but PostgreSQL's own and the
ones Supabase manages; objects that belong to an extension are the extension's.
"""

#: schemas Supabase manages (its platform creates and migrates them, not the project's)
MANAGED = (
    "auth",
    "storage",
    "realtime",
    "_realtime",
    "vault",
    "graphql",
    "graphql_public",
    "extensions",
    "supabase_migrations",
    "supabase_functions",
    "pgsodium",
    "pgsodium_masks",
    "cron",
    "net",
    "pgmq",
    "pgbouncer",
    "_analytics",
    "topology",
    "tiger",
    "tiger_data",
    "information_schema",
)

#: the oids of the project's schemas (a subquery; ``%(managed)s`` bound to :data:`MANAGED`)
SCHEMAS = (
    "SELECT n.oid FROM pg_namespace n WHERE NOT (n.nspname = ANY(%(managed)s)) "
    "AND n.nspname NOT LIKE 'pg\\_%%' "
    "AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_namespace'::regclass "
    "AND d.objid = n.oid AND d.deptype = 'e')"
)

#: ``{cat}``/``{oid}``: an object that does not belong to an extension (it is the extension's)
NOT_EXTENSION = (
    "NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = {cat}::regclass "
    "AND d.objid = {oid} AND d.deptype = 'e')"
)

_ACL_ROWS = (
    "SELECT a.grantee, string_agg(a.privilege_type || CASE WHEN a.is_grantable "
    "THEN ' WITH GRANT OPTION' ELSE '' END, ', ' ORDER BY a.privilege_type) AS privileges "
    "FROM aclexplode({acl}) a WHERE a.grantee <> {owner} AND a.privilege_type <> 'MAINTAIN' "
    "GROUP BY a.grantee"
)

#: an ACL, or the default one PostgreSQL applies while it is NULL
_DEFAULT = 'coalesce({}, acldefault(({})::"char", {}))'


def _grantee(column: str) -> str:
    return f"CASE WHEN {column} = 0 THEN 'PUBLIC' ELSE pg_get_userbyid({column})::text END"


QUERIES: tuple[str, ...] = (
    # schemas and their grants
    "SELECT 'schema', jsonb_build_array(n.nspname), jsonb_build_object("
    "'comment', obj_description(n.oid, 'pg_namespace')), '{}'::jsonb "
    f"FROM pg_namespace n WHERE n.oid IN ({SCHEMAS})",
    "SELECT 'grant', jsonb_build_array('schema', n.nspname, "
    + _grantee("g.grantee")
    + "), jsonb_build_object('privileges', g.privileges), jsonb_build_object('parent', "
    "jsonb_build_array('schema', jsonb_build_array(n.nspname))) "
    "FROM pg_namespace n, LATERAL ("
    + _ACL_ROWS.format(acl=_DEFAULT.format("n.nspacl", "'n'", "n.nspowner"), owner="n.nspowner")
    + ") g "
    f"WHERE n.oid IN ({SCHEMAS})",
    # tables (RLS flags, comment), views
    "SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' ELSE 'table' END, "
    "jsonb_build_array(n.nspname, c.relname), CASE WHEN c.relkind IN ('v', 'm') THEN "
    "jsonb_build_object('definition', pg_get_viewdef(c.oid), 'materialized', c.relkind = 'm', "
    "'comment', obj_description(c.oid, 'pg_class')) ELSE jsonb_build_object("
    "'rls', c.relrowsecurity, 'forced', c.relforcerowsecurity, "
    "'comment', obj_description(c.oid, 'pg_class')) END, '{}'::jsonb "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.oid IN ({SCHEMAS}) AND "
    + NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid"),
    # columns of tables
    "SELECT 'column', jsonb_build_array(n.nspname, c.relname, a.attname), jsonb_build_object("
    "'type', format_type(a.atttypid, a.atttypmod), 'not_null', a.attnotnull, "
    "'default', pg_get_expr(ad.adbin, ad.adrelid), 'comment', col_description(c.oid, a.attnum), "
    "'identity', a.attidentity, 'generated', a.attgenerated),"
    " jsonb_build_object('parent', jsonb_build_array('table', jsonb_build_array(n.nspname, "
    "c.relname)), 'position', a.attnum) "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
    "WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
    f"AND n.oid IN ({SCHEMAS}) AND " + NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid"),
    # constraints of tables
    "SELECT 'constraint', jsonb_build_array(n.nspname, c.relname, k.conname), "
    "jsonb_build_object('definition', pg_get_constraintdef(k.oid)), jsonb_build_object("
    "'parent', jsonb_build_array('table', jsonb_build_array(n.nspname, c.relname))) "
    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    # NOT NULL is the column's (PostgreSQL 18 also records it as a constraint)
    f"WHERE c.relkind IN ('r', 'p') AND k.contype <> 'n' AND n.oid IN ({SCHEMAS}) AND "
    + NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid"),
    # indexes that no constraint owns
    "SELECT 'index', jsonb_build_array(n.nspname, i.relname), jsonb_build_object("
    "'definition', pg_get_indexdef(i.oid)), jsonb_build_object('parent', jsonb_build_array("
    "'table', jsonb_build_array(n.nspname, c.relname))) "
    "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
    "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = i.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'm') "
    "AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = c.oid) "
    f"AND n.oid IN ({SCHEMAS}) AND " + NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid"),
    # policies
    "SELECT 'policy', jsonb_build_array(n.nspname, c.relname, p.polname), jsonb_build_object("
    "'command', p.polcmd, 'permissive', p.polpermissive, 'roles', (SELECT jsonb_agg("
    + _grantee("r")
    + " ORDER BY 1) FROM unnest(p.polroles) r), 'using', pg_get_expr(p.polqual, p.polrelid), "
    "'with_check', pg_get_expr(p.polwithcheck, p.polrelid)), jsonb_build_object('parent', "
    "jsonb_build_array('table', jsonb_build_array(n.nspname, c.relname))) "
    "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid "
    f"JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.oid IN ({SCHEMAS})",
    # grants on tables, views, sequences
    "SELECT 'grant', jsonb_build_array(CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' "
    "END, n.nspname, c.relname, "
    + _grantee("g.grantee")
    + "), jsonb_build_object('privileges', g.privileges), jsonb_build_object('parent', "
    "jsonb_build_array(CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'S' "
    "THEN 'sequence' ELSE 'table' END, jsonb_build_array(n.nspname, c.relname))) "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL ("
    + _ACL_ROWS.format(
        acl=_DEFAULT.format(
            "c.relacl", "CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END", "c.relowner"
        ),
        owner="c.relowner",
    )
    + ") g "
    f"WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') AND n.oid IN ({SCHEMAS}) AND "
    + NOT_EXTENSION.format(cat="'pg_class'", oid="c.oid"),
    # grants on columns
    "SELECT 'grant', jsonb_build_array('column', n.nspname, c.relname, a.attname, "
    + _grantee("g.grantee")
    + "), jsonb_build_object('privileges', g.privileges), jsonb_build_object('parent', "
    "jsonb_build_array('column', jsonb_build_array(n.nspname, c.relname, a.attname))) "
    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace, LATERAL ("
    + _ACL_ROWS.format(acl="a.attacl", owner="c.relowner")
    + ") g WHERE a.attacl IS NOT NULL AND a.attnum > 0 AND NOT a.attisdropped "
    f"AND n.oid IN ({SCHEMAS})",
    # functions and their grants
    "SELECT 'function', jsonb_build_array(n.nspname, p.proname || '(' || "
    "pg_get_function_identity_arguments(p.oid) || ')'), jsonb_build_object("
    "'returns', pg_get_function_result(p.oid), 'security_definer', p.prosecdef, "
    "'config', to_jsonb(p.proconfig), 'language', l.lanname, 'body', md5(p.prosrc), "
    "'volatility', p.provolatile, 'comment', obj_description(p.oid, 'pg_proc')), "
    "jsonb_build_object('ddl', pg_get_functiondef(p.oid), 'kind', p.prokind) "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "JOIN pg_language l ON l.oid = p.prolang "
    f"WHERE p.prokind IN ('f', 'p') AND n.oid IN ({SCHEMAS}) AND "
    + NOT_EXTENSION.format(cat="'pg_proc'", oid="p.oid"),
    "SELECT 'grant', jsonb_build_array(CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE "
    "'function' END, n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) "
    "|| ')', "
    + _grantee("g.grantee")
    + "), jsonb_build_object('privileges', g.privileges), jsonb_build_object('parent', "
    "jsonb_build_array('function', jsonb_build_array(n.nspname, p.proname || '(' || "
    "pg_get_function_identity_arguments(p.oid) || ')'))) "
    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, LATERAL ("
    + _ACL_ROWS.format(acl=_DEFAULT.format("p.proacl", "'f'", "p.proowner"), owner="p.proowner")
    + f") g WHERE p.prokind IN ('f', 'p') AND n.oid IN ({SCHEMAS}) AND "
    + NOT_EXTENSION.format(cat="'pg_proc'", oid="p.oid"),
    # triggers
    "SELECT 'trigger', jsonb_build_array(n.nspname, c.relname, t.tgname), jsonb_build_object("
    "'definition', pg_get_triggerdef(t.oid), 'enabled', t.tgenabled), jsonb_build_object("
    "'parent', jsonb_build_array(CASE WHEN c.relkind = 'v' THEN 'view' ELSE 'table' END, "
    "jsonb_build_array(n.nspname, c.relname))) "
    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
    "JOIN pg_namespace n ON n.oid = c.relnamespace "
    f"WHERE NOT t.tgisinternal AND n.oid IN ({SCHEMAS})",
    # extensions the project chose (the version is the server's, not the project's; those
    # in a schema Supabase manages, as pg_graphql and supabase_vault, are the platform's)
    "SELECT 'extension', jsonb_build_array(e.extname), jsonb_build_object('schema', "
    "n.nspname), '{}'::jsonb FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
    "WHERE e.extname <> 'plpgsql' "
    "AND (n.nspname = 'extensions' OR NOT (n.nspname = ANY(%(managed)s)))",
    # publications' tables
    "SELECT 'publication', jsonb_build_array(p.pubname, t.schemaname, t.tablename), "
    "'{}'::jsonb, '{}'::jsonb FROM pg_publication p "
    "JOIN pg_publication_tables t ON t.pubname = p.pubname "
    "WHERE NOT (t.schemaname = ANY(%(managed)s))",
)
