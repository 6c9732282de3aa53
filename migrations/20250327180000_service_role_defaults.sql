-- Let the service role reach every table and sequence that later migrations create.
--
-- Since 2026-10-30 new Supabase projects no longer grant new tables to the API roles by
-- default. The backend (service_role) should see everything; anon and authenticated get
-- explicit grants table by table, next to each table's policies.

alter default privileges in schema public
    grant select, insert, update, delete on tables to service_role;

alter default privileges in schema public
    grant usage, select on sequences to service_role;

alter default privileges in schema public
    grant execute on functions to service_role;
