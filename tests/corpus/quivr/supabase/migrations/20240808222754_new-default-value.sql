alter table "public"."models" alter column "endpoint_url" set default 'https://api.openai.com/v1'::text;
