-- Public read of published rows is a choice, not a hole.
-- expect: none

drop policy if exists "anyone reads" on public.notes;
create policy "anyone reads" on public.notes for select to anon using (true);
grant select on public.notes to anon;
