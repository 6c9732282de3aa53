-- Rollback of 20250327180000_service_role_defaults: take back the default grants to
-- service_role (grants already made on existing objects stay).

alter default privileges in schema public
    revoke select, insert, update, delete on tables from service_role;

alter default privileges in schema public
    revoke usage, select on sequences from service_role;

alter default privileges in schema public
    revoke execute on functions from service_role;
