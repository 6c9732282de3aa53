drop function if exists "public"."match_summaries"(query_embedding vector, match_count integer, match_threshold double precision);
