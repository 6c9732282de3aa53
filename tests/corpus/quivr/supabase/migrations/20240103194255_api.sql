alter table "public"."user_settings" add column "API_ACCESS" boolean not null default false;
