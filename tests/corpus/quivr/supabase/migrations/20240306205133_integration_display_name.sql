alter table "public"."integrations" add column "integration_display_name" text not null default 'Brain'::text;
