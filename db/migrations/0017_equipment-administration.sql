ALTER TABLE "areas" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "areas" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lines" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lines" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "position" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sites" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "retired_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "accepted_at" timestamp with time zone;--> statement-breakpoint
-- Stations that exist before this migration were set up on purpose: only later auto-registrations await review.
UPDATE "stations" SET "accepted_at" = now();--> statement-breakpoint
UPDATE "sites" s SET "position" = o.n FROM (SELECT id, row_number() OVER (ORDER BY enterprise, code) AS n FROM "sites") o WHERE o.id = s.id;--> statement-breakpoint
UPDATE "areas" a SET "position" = o.n FROM (SELECT id, row_number() OVER (PARTITION BY site_id ORDER BY code) AS n FROM "areas") o WHERE o.id = a.id;--> statement-breakpoint
UPDATE "lines" l SET "position" = o.n FROM (SELECT id, row_number() OVER (PARTITION BY area_id ORDER BY code) AS n FROM "lines") o WHERE o.id = l.id;
