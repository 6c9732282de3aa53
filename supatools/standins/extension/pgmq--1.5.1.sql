-- supatools stand-in for pgmq 1.5 (Supabase Queues), written for supatools local from
-- pgmq's documented interface: each queue is a table pgmq.q_<name> and its archive
-- pgmq.a_<name>, listed in pgmq.meta. Messages are really queued: a read hides a message
-- for its visibility timeout, archive moves it, delete removes it. Partitioned and
-- unlogged queues are not provided (create_partitioned raises; create_unlogged makes a
-- plain queue). The metrics functions are not provided.
\echo Use "CREATE EXTENSION pgmq" to load this file. \quit

CREATE TABLE pgmq.meta (
    queue_name     varchar UNIQUE NOT NULL,
    is_partitioned boolean NOT NULL,
    is_unlogged    boolean NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
);

CREATE TYPE pgmq.message_record AS (
    msg_id      bigint,
    read_ct     integer,
    enqueued_at timestamptz,
    vt          timestamptz,
    message     jsonb,
    headers     jsonb
);

CREATE TYPE pgmq.queue_record AS (
    queue_name     varchar,
    is_partitioned boolean,
    is_unlogged    boolean,
    created_at     timestamptz
);

-- the table of a queue ('q') or of its archive ('a'); names that could escape an
-- identifier or a statement are refused, and pgmq's 47-character limit applies
CREATE FUNCTION pgmq.format_table_name(queue_name text, prefix text) RETURNS text
LANGUAGE plpgsql IMMUTABLE
AS $$
BEGIN
    IF queue_name IS NULL OR queue_name = '' THEN
        RAISE EXCEPTION 'queue name must not be empty';
    END IF;
    IF queue_name ~ '[$;''"]|--' THEN
        RAISE EXCEPTION 'queue name contains invalid characters: $, ;, --, quotes';
    END IF;
    IF pg_catalog.length(queue_name) > 47 THEN
        RAISE EXCEPTION 'queue name is too long, maximum length is 47 characters';
    END IF;
    RETURN pg_catalog.lower(prefix || '_' || queue_name);
END;
$$;

CREATE FUNCTION pgmq._known(queue_name text) RETURNS text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    qtable text := pgmq.format_table_name(queue_name, 'q');
BEGIN
    IF pg_catalog.to_regclass(pg_catalog.format('pgmq.%I', qtable)) IS NULL THEN
        RAISE EXCEPTION 'queue "%" does not exist', queue_name USING ERRCODE = 'undefined_table';
    END IF;
    RETURN qtable;
END;
$$;

CREATE FUNCTION pgmq.create(queue_name text) RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    qtable text := pgmq.format_table_name(queue_name, 'q');
    atable text := pgmq.format_table_name(queue_name, 'a');
BEGIN
    EXECUTE pg_catalog.format(
        'CREATE TABLE IF NOT EXISTS pgmq.%I (
            msg_id      bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
            read_ct     integer NOT NULL DEFAULT 0,
            enqueued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
            vt          timestamptz NOT NULL,
            message     jsonb,
            headers     jsonb)', qtable);
    EXECUTE pg_catalog.format(
        'CREATE TABLE IF NOT EXISTS pgmq.%I (
            msg_id      bigint PRIMARY KEY,
            read_ct     integer NOT NULL DEFAULT 0,
            enqueued_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
            archived_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
            vt          timestamptz NOT NULL,
            message     jsonb,
            headers     jsonb)', atable);
    EXECUTE pg_catalog.format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (vt ASC)',
                              qtable || '_vt_idx', qtable);
    EXECUTE pg_catalog.format('CREATE INDEX IF NOT EXISTS %I ON pgmq.%I (archived_at)',
                              'archived_at_idx_' || pg_catalog.lower(queue_name), atable);
    INSERT INTO pgmq.meta AS m (queue_name, is_partitioned, is_unlogged)
    VALUES ($1, false, false)
    ON CONFLICT ON CONSTRAINT meta_queue_name_key DO NOTHING;
END;
$$;

CREATE FUNCTION pgmq.create_non_partitioned(queue_name text) RETURNS void
LANGUAGE sql
AS $$ SELECT pgmq.create(queue_name) $$;

CREATE FUNCTION pgmq.create_unlogged(queue_name text) RETURNS void
LANGUAGE sql
AS $$ SELECT pgmq.create(queue_name) $$;

CREATE FUNCTION pgmq.create_partitioned(queue_name text, partition_interval text DEFAULT '10000',
                                        retention_interval text DEFAULT '100000') RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'partitioned queues need pg_partman, which supatools local does not provide'
        USING HINT = 'use pgmq.create for a plain queue locally';
END;
$$;

CREATE FUNCTION pgmq.drop_queue(queue_name text) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name) THEN
        RAISE NOTICE 'pgmq: queue "%" does not exist', queue_name;
        RETURN false;
    END IF;
    EXECUTE pg_catalog.format('DROP TABLE IF EXISTS pgmq.%I',
                              pgmq.format_table_name(queue_name, 'q'));
    EXECUTE pg_catalog.format('DROP TABLE IF EXISTS pgmq.%I',
                              pgmq.format_table_name(queue_name, 'a'));
    DELETE FROM pgmq.meta m WHERE m.queue_name = drop_queue.queue_name;
    RETURN true;
END;
$$;

CREATE FUNCTION pgmq.list_queues() RETURNS SETOF pgmq.queue_record
LANGUAGE sql STABLE
AS $$ SELECT queue_name, is_partitioned, is_unlogged, created_at FROM pgmq.meta ORDER BY 1 $$;

CREATE FUNCTION pgmq.purge_queue(queue_name text) RETURNS bigint
LANGUAGE plpgsql
AS $$
DECLARE
    removed bigint;
BEGIN
    EXECUTE pg_catalog.format('WITH gone AS (DELETE FROM pgmq.%I RETURNING 1) '
                              'SELECT pg_catalog.count(*) FROM gone', pgmq._known(queue_name))
        INTO removed;
    RETURN removed;
END;
$$;

-- sending: every overload comes here
CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay timestamptz)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'INSERT INTO pgmq.%I (vt, message, headers) VALUES ($1, $2, $3) RETURNING msg_id',
        pgmq._known(queue_name)) USING delay, msg, headers;
END;
$$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb) RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send(queue_name, msg, NULL::jsonb, pg_catalog.clock_timestamp()) $$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay integer) RETURNS SETOF bigint
LANGUAGE sql
AS $$
    SELECT * FROM pgmq.send(queue_name, msg, NULL::jsonb,
                            pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => delay))
$$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, delay timestamptz) RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send(queue_name, msg, NULL::jsonb, delay) $$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb) RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send(queue_name, msg, headers, pg_catalog.clock_timestamp()) $$;

CREATE FUNCTION pgmq.send(queue_name text, msg jsonb, headers jsonb, delay integer)
RETURNS SETOF bigint
LANGUAGE sql
AS $$
    SELECT * FROM pgmq.send(queue_name, msg, headers,
                            pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => delay))
$$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay timestamptz)
RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
    IF headers IS NOT NULL
       AND pg_catalog.cardinality(headers) <> pg_catalog.cardinality(msgs) THEN
        RAISE EXCEPTION 'headers array length (%) must match msgs array length (%)',
            pg_catalog.cardinality(headers), pg_catalog.cardinality(msgs);
    END IF;
    RETURN QUERY EXECUTE pg_catalog.format(
        'INSERT INTO pgmq.%I (vt, message, headers)
         SELECT $1, m.message, $3[m.n] FROM unnest($2) WITH ORDINALITY AS m(message, n)
         ORDER BY m.n
         RETURNING msg_id', pgmq._known(queue_name)) USING delay, msgs, headers;
END;
$$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[]) RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL::jsonb[], pg_catalog.clock_timestamp()) $$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay integer) RETURNS SETOF bigint
LANGUAGE sql
AS $$
    SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL::jsonb[],
                                  pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => delay))
$$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], delay timestamptz)
RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, NULL::jsonb[], delay) $$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[]) RETURNS SETOF bigint
LANGUAGE sql
AS $$ SELECT * FROM pgmq.send_batch(queue_name, msgs, headers, pg_catalog.clock_timestamp()) $$;

CREATE FUNCTION pgmq.send_batch(queue_name text, msgs jsonb[], headers jsonb[], delay integer)
RETURNS SETOF bigint
LANGUAGE sql
AS $$
    SELECT * FROM pgmq.send_batch(queue_name, msgs, headers,
                                  pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => delay))
$$;

-- reading: the oldest visible messages, hidden for vt seconds and counted as read; rows
-- another reader holds are skipped
CREATE FUNCTION pgmq.read(queue_name text, vt integer, qty integer, conditional jsonb DEFAULT '{}')
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
DECLARE
    qtable text := pgmq._known(queue_name);
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'WITH cte AS (
             SELECT msg_id FROM pgmq.%1$I
             WHERE vt <= pg_catalog.clock_timestamp() AND ($3 = ''{}''::jsonb OR message @> $3)
             ORDER BY msg_id LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE pgmq.%1$I m
         SET vt = pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => $1),
             read_ct = m.read_ct + 1
         FROM cte WHERE m.msg_id = cte.msg_id
         RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.headers', qtable)
        USING vt, qty, COALESCE(conditional, '{}');
END;
$$;

CREATE FUNCTION pgmq.read_with_poll(queue_name text, vt integer, qty integer,
                                    max_poll_seconds integer DEFAULT 5,
                                    poll_interval_ms integer DEFAULT 100,
                                    conditional jsonb DEFAULT '{}')
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
DECLARE
    stop_at timestamptz := pg_catalog.clock_timestamp()
                           + pg_catalog.make_interval(secs => max_poll_seconds);
    found boolean;
    r pgmq.message_record;
BEGIN
    LOOP
        found := false;
        FOR r IN SELECT * FROM pgmq.read(queue_name, vt, qty, conditional) LOOP
            found := true;
            RETURN NEXT r;
        END LOOP;
        IF found OR pg_catalog.clock_timestamp() >= stop_at THEN
            RETURN;
        END IF;
        PERFORM pg_catalog.pg_sleep(poll_interval_ms / 1000.0);
    END LOOP;
END;
$$;

CREATE FUNCTION pgmq.pop(queue_name text) RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'WITH cte AS (
             SELECT msg_id FROM pgmq.%1$I WHERE vt <= pg_catalog.clock_timestamp()
             ORDER BY msg_id LIMIT 1 FOR UPDATE SKIP LOCKED)
         DELETE FROM pgmq.%1$I m USING cte WHERE m.msg_id = cte.msg_id
         RETURNING m.msg_id, m.read_ct, m.enqueued_at, m.vt, m.message, m.headers',
        pgmq._known(queue_name));
END;
$$;

CREATE FUNCTION pgmq.set_vt(queue_name text, msg_id bigint, vt integer)
RETURNS SETOF pgmq.message_record
LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'UPDATE pgmq.%I
         SET vt = pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => $2)
         WHERE msg_id = $1
         RETURNING msg_id, read_ct, enqueued_at, vt, message, headers', pgmq._known(queue_name))
        USING msg_id, vt;
END;
$$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'WITH gone AS (DELETE FROM pgmq.%I WHERE msg_id = ANY($1) RETURNING *)
         INSERT INTO pgmq.%I (msg_id, read_ct, enqueued_at, vt, message, headers)
         SELECT msg_id, read_ct, enqueued_at, vt, message, headers FROM gone
         RETURNING msg_id', pgmq._known(queue_name), pgmq.format_table_name(queue_name, 'a'))
        USING msg_ids;
END;
$$;

CREATE FUNCTION pgmq.archive(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE sql
AS $$ SELECT EXISTS (SELECT 1 FROM pgmq.archive(queue_name, ARRAY[msg_id])) $$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_ids bigint[]) RETURNS SETOF bigint
LANGUAGE plpgsql
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'DELETE FROM pgmq.%I WHERE msg_id = ANY($1) RETURNING msg_id', pgmq._known(queue_name))
        USING msg_ids;
END;
$$;

CREATE FUNCTION pgmq.delete(queue_name text, msg_id bigint) RETURNS boolean
LANGUAGE sql
AS $$ SELECT EXISTS (SELECT 1 FROM pgmq.delete(queue_name, ARRAY[msg_id])) $$;
