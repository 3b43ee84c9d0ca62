CREATE TABLE "checkin"."scheduled_jobs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_result" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkin"."check_ins" ADD COLUMN "location_coarsened_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "check_ins_exact_location_idx" ON "checkin"."check_ins" USING btree ("submitted_at") WHERE latitude is not null and location_coarsened_at is null;--> statement-breakpoint
CREATE INDEX "check_ins_location_idx" ON "checkin"."check_ins" USING btree ("submitted_at") WHERE latitude is not null;