ALTER TABLE "enrollment"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "enrollment"."consumer_offsets" ADD COLUMN "stream" text;