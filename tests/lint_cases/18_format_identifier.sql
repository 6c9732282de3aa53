-- format() with %I and %L quotes what it is given.
-- expect: none

create or replace function public.count_rows(tbl text, label text) returns bigint
language plpgsql as $$
declare n bigint;
begin
  execute format('select count(*) from public.%I where body = %L', tbl, label) into n;
  return n;
end
$$;
