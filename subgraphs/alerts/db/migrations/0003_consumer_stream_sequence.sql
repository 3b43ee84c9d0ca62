ALTER TABLE "alerts"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "alerts"."consumer_offsets" ADD COLUMN "stream" text;