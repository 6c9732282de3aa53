alter table "public"."syncs_user" add column "email" text;
