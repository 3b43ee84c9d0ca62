CREATE TABLE "enrollment"."audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"caller_kind" text NOT NULL,
	"caller_id" text NOT NULL,
	"operation" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" text NOT NULL,
	"enrollee_id" uuid,
	"a_number" char(10),
	"changes" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "enrollment"."audit_events" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_enrollee_idx" ON "enrollment"."audit_events" USING btree ("enrollee_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_a_number_idx" ON "enrollment"."audit_events" USING btree ("a_number","occurred_at" DESC NULLS LAST);