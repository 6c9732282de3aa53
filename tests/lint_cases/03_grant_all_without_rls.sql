-- A new table granted to anon, RLS never enabled.
-- expect: table_without_rls, api_write_grant_without_rls

create table if not exists public.payments (id uuid primary key, amount int);
grant all on public.payments to anon;
