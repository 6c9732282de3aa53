-- Constants glued together, the value passed with USING.
-- expect: none

create or replace function public.by_owner(who uuid) returns setof public.notes
language plpgsql as $$
begin
  return query execute 'select * from public.notes ' || 'where owner = $1' using who;
end
$$;
