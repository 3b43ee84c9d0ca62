CREATE TABLE "enrollment"."supervision_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"effective_at" timestamp with time zone NOT NULL,
	"technology_before" "enrollment"."technology" NOT NULL,
	"check_in_cadence_before" "enrollment"."check_in_cadence" NOT NULL,
	"technology_after" "enrollment"."technology" NOT NULL,
	"check_in_cadence_after" "enrollment"."check_in_cadence" NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
DROP VIEW "enrollment"."check_in_terms";--> statement-breakpoint
ALTER TABLE "enrollment"."supervision_changes" ADD CONSTRAINT "supervision_changes_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_changes_enrollment_idx" ON "enrollment"."supervision_changes" USING btree ("enrollment_id","effective_at");--> statement-breakpoint
CREATE VIEW "enrollment"."check_in_terms" AS (select enrollee_id, technology, check_in_cadence, started_at, ended_at from (
  select p.enrollee_id, p.technology, p.check_in_cadence, p.started_at,
    coalesce(lead(p.started_at) over w, p.enrollment_ended_at) as ended_at,
    lead(p.started_at) over w as next_started_at
  from (
    select e.enrollee_id, e.id as enrollment_id, e.ended_at as enrollment_ended_at,
      coalesce(first_change.technology_before, e.technology) as technology,
      coalesce(first_change.check_in_cadence_before, e.check_in_cadence) as check_in_cadence,
      e.started_at, 0 as position, null::timestamptz as created_at
    from "enrollment"."enrollments" e
    left join lateral (
      select c.technology_before, c.check_in_cadence_before from "enrollment"."supervision_changes" c
      where c.enrollment_id = e.id order by c.effective_at, c.created_at limit 1
    ) first_change on true
    union all
    select e.enrollee_id, e.id, e.ended_at, c.technology_after, c.check_in_cadence_after, c.effective_at, 1, c.created_at
    from "enrollment"."supervision_changes" c join "enrollment"."enrollments" e on e.id = c.enrollment_id
  ) p
  window w as (partition by p.enrollee_id, p.enrollment_id order by p.started_at, p.position, p.created_at)
) periods
where next_started_at is null or next_started_at > started_at);