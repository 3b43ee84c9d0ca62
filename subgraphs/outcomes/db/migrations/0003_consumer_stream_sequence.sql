ALTER TABLE "outcomes"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "outcomes"."consumer_offsets" ADD COLUMN "stream" text;