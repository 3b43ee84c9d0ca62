ALTER TABLE "checkin"."consumer_offsets" ADD COLUMN "stream_sequence" bigint;--> statement-breakpoint
ALTER TABLE "checkin"."consumer_offsets" ADD COLUMN "stream" text;