-- supatools stand-in for pg_graphql: schema graphql and graphql.resolve() with the real
-- signature, so graphql_public.graphql() and comments such as @graphql(...) work; a
-- query gets a GraphQL error saying the local server has no GraphQL engine.
\echo Use "CREATE EXTENSION pg_graphql" to load this file. \quit

CREATE FUNCTION graphql.resolve(query text, variables jsonb DEFAULT '{}',
                                "operationName" text DEFAULT NULL,
                                extensions jsonb DEFAULT NULL) RETURNS jsonb
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.jsonb_build_object('errors', pg_catalog.jsonb_build_array(
        pg_catalog.jsonb_build_object('message',
            'pg_graphql is a stand-in on supatools local: no GraphQL engine runs here')))
$$;
GRANT USAGE ON SCHEMA graphql TO PUBLIC;
