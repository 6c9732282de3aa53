alter table "public"."integrations" add column "allow_model_change" boolean not null default true;
