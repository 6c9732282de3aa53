alter table "public"."syncs_user" add column "additional_data" jsonb default '{}'::jsonb;


