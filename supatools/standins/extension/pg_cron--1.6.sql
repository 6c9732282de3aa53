-- supatools stand-in for pg_cron: schema cron with the tables and functions migrations
-- call. cron.schedule() records the job; nothing ever runs it. Written for supatools local.
\echo Use "CREATE EXTENSION pg_cron" to load this file. \quit

CREATE SCHEMA cron;
CREATE TABLE cron.job (
    jobid    bigserial PRIMARY KEY,
    schedule text NOT NULL,
    command  text NOT NULL,
    nodename text NOT NULL DEFAULT 'localhost',
    nodeport integer NOT NULL DEFAULT pg_catalog.inet_server_port(),
    database text NOT NULL DEFAULT pg_catalog.current_database(),
    username text NOT NULL DEFAULT CURRENT_USER,
    active   boolean NOT NULL DEFAULT true,
    jobname  text,
    CONSTRAINT jobname_username_uniq UNIQUE (jobname, username)
);
CREATE TABLE cron.job_run_details (
    jobid          bigint,
    runid          bigserial PRIMARY KEY,
    job_pid        integer,
    database       text,
    username       text,
    command        text,
    status         text,
    return_message text,
    start_time     timestamptz,
    end_time       timestamptz
);

CREATE FUNCTION cron.schedule(job_name text, schedule text, command text) RETURNS bigint
LANGUAGE sql
AS $$
    INSERT INTO cron.job (jobname, schedule, command) VALUES (job_name, schedule, command)
    ON CONFLICT (jobname, username) DO UPDATE
        SET schedule = excluded.schedule, command = excluded.command
    RETURNING jobid
$$;
CREATE FUNCTION cron.schedule(schedule text, command text) RETURNS bigint
LANGUAGE sql
AS $$ INSERT INTO cron.job (schedule, command) VALUES (schedule, command) RETURNING jobid $$;
CREATE FUNCTION cron.schedule_in_database(job_name text, schedule text, command text,
                                          database text, username text DEFAULT NULL,
                                          active boolean DEFAULT true) RETURNS bigint
LANGUAGE sql
AS $$
    INSERT INTO cron.job (jobname, schedule, command, database, username, active)
    VALUES (job_name, schedule, command, database, COALESCE(username, CURRENT_USER), active)
    ON CONFLICT (jobname, username) DO UPDATE
        SET schedule = excluded.schedule, command = excluded.command,
            database = excluded.database, active = excluded.active
    RETURNING jobid
$$;
CREATE FUNCTION cron.unschedule(job_id bigint) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM cron.job WHERE jobid = job_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'could not find valid entry for job %', job_id;
    END IF;
    RETURN true;
END
$$;
CREATE FUNCTION cron.unschedule(job_name text) RETURNS boolean
LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM cron.job WHERE jobname = job_name AND username = CURRENT_USER;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'could not find valid entry for job ''%''', job_name;
    END IF;
    RETURN true;
END
$$;
CREATE FUNCTION cron.alter_job(job_id bigint, schedule text DEFAULT NULL, command text DEFAULT NULL,
                               database text DEFAULT NULL, username text DEFAULT NULL,
                               active boolean DEFAULT NULL) RETURNS void
LANGUAGE sql
AS $$
    UPDATE cron.job SET schedule = COALESCE(alter_job.schedule, job.schedule),
                        command = COALESCE(alter_job.command, job.command),
                        database = COALESCE(alter_job.database, job.database),
                        username = COALESCE(alter_job.username, job.username),
                        active = COALESCE(alter_job.active, job.active)
    WHERE jobid = job_id
$$;
GRANT USAGE ON SCHEMA cron TO PUBLIC;
