CREATE SCHEMA "outcomes";
--> statement-breakpoint
CREATE TABLE "outcomes"."audit_events" (
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
CREATE TABLE "outcomes"."cases_copy" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"court_code" text NOT NULL,
	"notice_to_appear_date" date NOT NULL,
	"decision" text,
	"in_absentia" boolean DEFAULT false NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outcomes"."completion_facts" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"month" char(7) NOT NULL,
	"court_code" text,
	"field_office_code" text,
	"technology" text,
	"supervision" text NOT NULL,
	"represented" boolean NOT NULL,
	"completed_at" timestamp with time zone NOT NULL,
	"in_absentia_removal" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes"."consumer_offsets" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_consumer_source_pk" PRIMARY KEY("consumer","source")
);
--> statement-breakpoint
CREATE TABLE "outcomes"."dead_letters" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"event_id" uuid NOT NULL,
	"type" text NOT NULL,
	"error" text NOT NULL,
	"failed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes"."enrollments_copy" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"field_office_code" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_status" text
);
--> statement-breakpoint
CREATE TABLE "outcomes"."exit_facts" (
	"enrollment_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"month" char(7) NOT NULL,
	"court_code" text,
	"field_office_code" text,
	"technology" text,
	"supervision" text NOT NULL,
	"represented" boolean NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"absconded" boolean NOT NULL,
	"days_in_program" integer NOT NULL,
	"case_open_at_exit" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes"."hearing_facts" (
	"hearing_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"fiscal_year" smallint NOT NULL,
	"month" char(7) NOT NULL,
	"court_code" text,
	"field_office_code" text,
	"technology" text,
	"supervision" text NOT NULL,
	"represented" boolean NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"attended" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outcomes"."hearings_copy" (
	"hearing_id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"a_number" char(10) NOT NULL,
	"court_code" text NOT NULL,
	"scheduled_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"attendance" text
);
--> statement-breakpoint
CREATE TABLE "outcomes"."outbox" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outcomes"."outbox_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "outcomes"."representations_copy" (
	"representation_id" uuid PRIMARY KEY NOT NULL,
	"a_number" char(10) NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outcomes"."supervision_periods_copy" (
	"enrollment_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"a_number" char(10) NOT NULL,
	"technology" text NOT NULL,
	"daily_cost_cents" integer NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "supervision_periods_copy_enrollment_id_started_at_pk" PRIMARY KEY("enrollment_id","started_at")
);
--> statement-breakpoint
CREATE INDEX "audit_events_time_idx" ON "outcomes"."audit_events" USING btree ("occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_enrollee_idx" ON "outcomes"."audit_events" USING btree ("enrollee_id","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_events_a_number_idx" ON "outcomes"."audit_events" USING btree ("a_number","occurred_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "cases_copy_a_number_idx" ON "outcomes"."cases_copy" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "completion_facts_year_idx" ON "outcomes"."completion_facts" USING btree ("fiscal_year");--> statement-breakpoint
CREATE INDEX "completion_facts_a_number_idx" ON "outcomes"."completion_facts" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "outcomes"."dead_letters" USING btree ("consumer","source","sequence");--> statement-breakpoint
CREATE INDEX "enrollments_copy_a_number_idx" ON "outcomes"."enrollments_copy" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "exit_facts_year_idx" ON "outcomes"."exit_facts" USING btree ("fiscal_year");--> statement-breakpoint
CREATE INDEX "exit_facts_a_number_idx" ON "outcomes"."exit_facts" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "hearing_facts_year_idx" ON "outcomes"."hearing_facts" USING btree ("fiscal_year");--> statement-breakpoint
CREATE INDEX "hearing_facts_a_number_idx" ON "outcomes"."hearing_facts" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "hearings_copy_a_number_idx" ON "outcomes"."hearings_copy" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outcomes"."outbox" USING btree ("sequence") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "representations_copy_a_number_idx" ON "outcomes"."representations_copy" USING btree ("a_number");--> statement-breakpoint
CREATE INDEX "supervision_periods_copy_a_number_idx" ON "outcomes"."supervision_periods_copy" USING btree ("a_number");