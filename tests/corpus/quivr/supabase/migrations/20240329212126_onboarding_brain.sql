alter table "public"."integrations" add column "onboarding_brain" boolean default false;
