-- A scratch table dropped again: no RLS hole, but a DROP TABLE.
-- expect: breaking_change

create table if not exists public.import_scratch (line text);
insert into public.import_scratch values ('x');
drop table if exists public.import_scratch;
