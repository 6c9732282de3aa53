-- Rollback of 20250327183223_user_profiles: drop the profiles table with its policies.

drop table if exists public.profiles;
