CREATE TABLE "kpi_defect_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"station_id" integer NOT NULL,
	"part_revision_id" integer NOT NULL,
	"operation_code" text NOT NULL,
	"name" text NOT NULL,
	"failures" integer NOT NULL,
	CONSTRAINT "kpi_defect_hourly_hour_station_id_part_revision_id_operation_code_name_pk" PRIMARY KEY("hour","station_id","part_revision_id","operation_code","name")
);
--> statement-breakpoint
CREATE TABLE "kpi_dirty_hours" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "kpi_dirty_hours_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"hour" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_refresh_state" (
	"id" integer PRIMARY KEY NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_state_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"station_id" integer NOT NULL,
	"state" "station_state" NOT NULL,
	"downtime_reason_id" integer NOT NULL,
	"reported_reason" text NOT NULL,
	"seconds" double precision NOT NULL,
	"starts" integer NOT NULL,
	CONSTRAINT "kpi_state_hourly_hour_station_id_state_downtime_reason_id_reported_reason_pk" PRIMARY KEY("hour","station_id","state","downtime_reason_id","reported_reason")
);
--> statement-breakpoint
CREATE TABLE "kpi_station_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"station_id" integer NOT NULL,
	"part_revision_id" integer NOT NULL,
	"operation_code" text NOT NULL,
	"steps" integer NOT NULL,
	"first_attempts" integer NOT NULL,
	"first_pass" integer NOT NULL,
	"good" integer NOT NULL,
	"scrap" integer NOT NULL,
	"rework" integer NOT NULL,
	"ideal_seconds" double precision NOT NULL,
	CONSTRAINT "kpi_station_hourly_hour_station_id_part_revision_id_operation_code_pk" PRIMARY KEY("hour","station_id","part_revision_id","operation_code")
);
--> statement-breakpoint
CREATE TABLE "kpi_unit_hourly" (
	"hour" timestamp with time zone NOT NULL,
	"line_id" integer NOT NULL,
	"part_revision_id" integer NOT NULL,
	"finished" integer NOT NULL,
	"good" integer NOT NULL,
	"first_pass" integer NOT NULL,
	"scrapped" integer NOT NULL,
	"reworked" integer NOT NULL,
	CONSTRAINT "kpi_unit_hourly_hour_line_id_part_revision_id_pk" PRIMARY KEY("hour","line_id","part_revision_id")
);
--> statement-breakpoint
CREATE INDEX "kpi_dirty_hours_hour_idx" ON "kpi_dirty_hours" USING btree ("hour");