-- Every signed-in user may delete every note.
-- expect: write_policy_always_true

drop policy if exists "delete notes" on public.notes;
create policy "delete notes" on public.notes for delete to authenticated using (true);
grant select, delete on public.notes to authenticated;
