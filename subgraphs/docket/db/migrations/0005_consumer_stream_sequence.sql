ALTER TABLE "docket"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "docket"."consumer_offsets" ADD COLUMN "stream" text;