CREATE TABLE "checkin"."compliance_states" (
	"enrollee_id" uuid PRIMARY KEY NOT NULL,
	"level" text,
	"consecutive_misses" integer DEFAULT 0 NOT NULL,
	"window_closes_at" timestamp with time zone,
	"evaluated_at" timestamp with time zone,
	"next_evaluation_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "compliance_states_due_idx" ON "checkin"."compliance_states" USING btree ("next_evaluation_at");--> statement-breakpoint
-- People supervised before this table existed are due at once: the job publishes their compliance on its first run.
INSERT INTO "checkin"."compliance_states" ("enrollee_id", "next_evaluation_at") SELECT DISTINCT "enrollee_id", 'epoch'::timestamptz FROM "checkin"."supervision_terms" ON CONFLICT DO NOTHING;
