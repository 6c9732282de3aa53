alter table "public"."syncs_active" alter column "last_synced" set default '2024-06-01 15:30:25+00'::timestamp with time zone;
