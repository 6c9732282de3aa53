alter table "public"."syncs_active" add column "force_sync" boolean not null default false;
