CREATE TABLE "docket"."consumer_offsets" (
	"consumer" text NOT NULL,
	"source" text NOT NULL,
	"sequence" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consumer_offsets_consumer_source_pk" PRIMARY KEY("consumer","source")
);
--> statement-breakpoint
CREATE TABLE "docket"."dead_letters" (
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
CREATE TABLE "docket"."outbox" (
	"sequence" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "docket"."outbox_sequence_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"subject" text NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "docket"."partner_clients" (
	"representation_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"a_number" char(10) NOT NULL
);
--> statement-breakpoint
CREATE INDEX "dead_letters_consumer_idx" ON "docket"."dead_letters" USING btree ("consumer","source","sequence");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "docket"."outbox" USING btree ("sequence") WHERE published_at is null;--> statement-breakpoint
CREATE INDEX "partner_clients_organization_idx" ON "docket"."partner_clients" USING btree ("organization_id","a_number");