-- field_office_counts follows every change to enrollees in the same transaction. Statement-level
-- triggers with transition tables: a COPY of 780,000 people updates each office's row once, not once
-- per person. A counter row is locked until its transaction ends, so enrolments into one office
-- commit one after another; that is the price of a count that costs the same at any population.
CREATE FUNCTION "enrollment".count_enrollees_by_office() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  codes text[];
  deltas int[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM "enrollment".field_office_counts;
    RETURN NULL;
  END IF;
  -- Each branch names only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(field_office_code), array_agg(n) INTO codes, deltas
    FROM (SELECT field_office_code, count(*)::int AS n FROM new_rows GROUP BY 1) d;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(field_office_code), array_agg(n) INTO codes, deltas
    FROM (SELECT field_office_code, -count(*)::int AS n FROM old_rows GROUP BY 1) d;
  ELSE
    SELECT array_agg(field_office_code), array_agg(n) INTO codes, deltas
    FROM (SELECT field_office_code, sum(n)::int AS n FROM (
      SELECT field_office_code, 1 AS n FROM new_rows UNION ALL SELECT field_office_code, -1 FROM old_rows
    ) moves GROUP BY 1) d;
  END IF;
  INSERT INTO "enrollment".field_office_counts AS c (field_office_code, enrollees)
  SELECT code, delta FROM unnest(codes, deltas) AS d(code, delta)
  WHERE delta <> 0
  -- One lock order for every statement, so two statements touching several offices cannot deadlock.
  ORDER BY code
  ON CONFLICT (field_office_code) DO UPDATE SET enrollees = c.enrollees + excluded.enrollees;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER enrollees_counted_on_insert AFTER INSERT ON "enrollment".enrollees
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "enrollment".count_enrollees_by_office();
--> statement-breakpoint
CREATE TRIGGER enrollees_counted_on_update AFTER UPDATE ON "enrollment".enrollees
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "enrollment".count_enrollees_by_office();
--> statement-breakpoint
CREATE TRIGGER enrollees_counted_on_delete AFTER DELETE ON "enrollment".enrollees
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "enrollment".count_enrollees_by_office();
--> statement-breakpoint
CREATE TRIGGER enrollees_counted_on_truncate AFTER TRUNCATE ON "enrollment".enrollees
  FOR EACH STATEMENT EXECUTE FUNCTION "enrollment".count_enrollees_by_office();
--> statement-breakpoint
INSERT INTO "enrollment".field_office_counts (field_office_code, enrollees)
SELECT field_office_code, count(*)::int FROM "enrollment".enrollees GROUP BY field_office_code;
