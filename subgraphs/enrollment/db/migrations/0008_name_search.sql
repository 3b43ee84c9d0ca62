-- Finding a person by part of a name or an A-number: trigram indexes (pg_trgm) over names with their
-- accents taken off (unaccent), both extensions kept in this schema. unaccent() is only STABLE (its
-- dictionary could change), so an IMMUTABLE wrapper naming the dictionary is what the index is built on.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA enrollment;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA enrollment;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION enrollment.search_text(given text, family text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(enrollment.unaccent('enrollment.unaccent'::regdictionary, coalesce(given, '') || ' ' || coalesce(family, ''))) $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS enrollees_search_idx ON enrollment.enrollees USING gin (enrollment.search_text(given_name, family_name) enrollment.gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS enrollees_a_number_trgm_idx ON enrollment.enrollees USING gin ((a_number::text) enrollment.gin_trgm_ops);
