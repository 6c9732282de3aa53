-- supatools stand-in for pgsql-http: the types and functions migrations declare and
-- call, so functions and triggers that use them can be created. No request is sent:
-- every call answers status 501 with a body that says so. Written for supatools local.
\echo Use "CREATE EXTENSION http" to load this file. \quit

CREATE DOMAIN @extschema@.http_method AS text
    CHECK (VALUE ILIKE ANY (ARRAY['get', 'post', 'put', 'delete', 'patch', 'head']));
CREATE DOMAIN @extschema@.content_type AS text
    CHECK (VALUE ~ '^\S+\/\S+');
CREATE TYPE @extschema@.http_header AS (field varchar, value varchar);
CREATE TYPE @extschema@.http_request AS (
    method @extschema@.http_method, uri varchar, headers @extschema@.http_header[],
    content_type varchar, content varchar);
CREATE TYPE @extschema@.http_response AS (
    status integer, content_type varchar, headers @extschema@.http_header[], content varchar);

CREATE FUNCTION @extschema@.http_header(field varchar, value varchar) RETURNS @extschema@.http_header
LANGUAGE sql IMMUTABLE
AS $$ SELECT ROW(field, value)::@extschema@.http_header $$;

CREATE FUNCTION @extschema@.http(request @extschema@.http_request) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$
    SELECT ROW(501, 'text/plain', ARRAY[]::@extschema@.http_header[],
               'supatools local: http is a stand-in and sent no request to ' || (request).uri)::@extschema@.http_response
$$;
CREATE FUNCTION @extschema@.http_get(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('GET', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_get(uri varchar, data jsonb) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('GET', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_post(uri varchar, content varchar, content_type varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('POST', uri, NULL, content_type, content)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_post(uri varchar, data jsonb) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('POST', uri, NULL, 'application/json', data::text)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_put(uri varchar, content varchar, content_type varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('PUT', uri, NULL, content_type, content)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_patch(uri varchar, content varchar, content_type varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('PATCH', uri, NULL, content_type, content)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_delete(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('DELETE', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.http_head(uri varchar) RETURNS @extschema@.http_response
LANGUAGE sql VOLATILE
AS $$ SELECT @extschema@.http(ROW('HEAD', uri, NULL, NULL, NULL)::@extschema@.http_request) $$;
CREATE FUNCTION @extschema@.urlencode(string varchar) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    result text := '';
    ch text;
BEGIN
    FOREACH ch IN ARRAY pg_catalog.regexp_split_to_array(string, '') LOOP
        IF ch ~ '[A-Za-z0-9_.~-]' THEN
            result := result || ch;
        ELSE
            result := result || pg_catalog.upper(pg_catalog.regexp_replace(
                pg_catalog.encode(pg_catalog.convert_to(ch, 'UTF8'), 'hex'), '(..)', '%\1', 'g'));
        END IF;
    END LOOP;
    RETURN result;
END
$$;
