CREATE TABLE "checkin"."reported_misses" (
	"enrollee_id" uuid NOT NULL,
	"window_opens_at" timestamp with time zone NOT NULL,
	"window_closes_at" timestamp with time zone NOT NULL,
	CONSTRAINT "reported_misses_enrollee_id_window_opens_at_pk" PRIMARY KEY("enrollee_id","window_opens_at")
);
--> statement-breakpoint
-- The misses this domain reported before the table existed, from its own outbox. Windows reported
-- before the outbox (a seed's) cannot be told from the tables: events:check names them until the
-- database is seeded again.
INSERT INTO "checkin"."reported_misses" ("enrollee_id", "window_opens_at", "window_closes_at")
SELECT DISTINCT (data->>'enrolleeId')::uuid, (data->>'windowOpensAt')::timestamptz, (data->>'windowClosesAt')::timestamptz
FROM "checkin"."outbox" WHERE type = 'CheckInMissed'
ON CONFLICT DO NOTHING;
