alter table "public"."syncs_files" add column "supported" boolean not null default true;

