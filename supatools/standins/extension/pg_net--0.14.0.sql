-- supatools stand-in for pg_net: schema net with the request functions migrations and
-- webhooks call. Each request is recorded in net.http_request_queue and never sent, so
-- net._http_response stays empty. Written for supatools local.
\echo Use "CREATE EXTENSION pg_net" to load this file. \quit

CREATE SCHEMA net;
CREATE TABLE net.http_request_queue (
    id                   bigserial PRIMARY KEY,
    method               text NOT NULL,
    url                  text NOT NULL,
    headers              jsonb NOT NULL,
    body                 bytea,
    timeout_milliseconds integer NOT NULL
);
CREATE TABLE net._http_response (
    id           bigint,
    status_code  integer,
    content_type text,
    headers      jsonb,
    content      text,
    timed_out    boolean,
    error_msg    text,
    created      timestamptz NOT NULL DEFAULT pg_catalog.now()
);

CREATE FUNCTION net._record(method text, url text, params jsonb, headers jsonb, body bytea,
                            timeout_milliseconds integer) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = ''
AS $$
    INSERT INTO net.http_request_queue (method, url, headers, body, timeout_milliseconds)
    VALUES (method,
            url || COALESCE('?' || nullif((SELECT pg_catalog.string_agg(k || '=' || v, '&')
                                                      FROM pg_catalog.jsonb_each_text(params) AS p(k, v)), ''), ''),
            COALESCE(headers, '{}'), body, timeout_milliseconds)
    RETURNING id
$$;
CREATE FUNCTION net.http_get(url text, params jsonb DEFAULT '{}', headers jsonb DEFAULT '{}',
                             timeout_milliseconds integer DEFAULT 5000) RETURNS bigint
LANGUAGE sql
AS $$ SELECT net._record('GET', url, params, headers, NULL, timeout_milliseconds) $$;
CREATE FUNCTION net.http_post(url text, body jsonb DEFAULT '{}', params jsonb DEFAULT '{}',
                              headers jsonb DEFAULT '{"Content-Type": "application/json"}',
                              timeout_milliseconds integer DEFAULT 5000) RETURNS bigint
LANGUAGE sql
AS $$
    SELECT net._record('POST', url, params, headers, pg_catalog.convert_to(body::text, 'UTF8'),
                       timeout_milliseconds)
$$;
CREATE FUNCTION net.http_delete(url text, params jsonb DEFAULT '{}', headers jsonb DEFAULT '{}',
                                timeout_milliseconds integer DEFAULT 5000,
                                body jsonb DEFAULT NULL) RETURNS bigint
LANGUAGE sql
AS $$
    SELECT net._record('DELETE', url, params, headers,
                       pg_catalog.convert_to(body::text, 'UTF8'), timeout_milliseconds)
$$;
GRANT USAGE ON SCHEMA net TO PUBLIC;
