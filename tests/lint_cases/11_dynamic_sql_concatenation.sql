-- A caller's value glued into dynamic SQL.
-- expect: dynamic_sql_injection

create or replace function public.search(term text) returns setof public.notes
language plpgsql as $$
begin
  return query execute 'select * from public.notes where body like ''%' || term || '%''';
end
$$;
