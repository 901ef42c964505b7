CREATE TYPE "public"."retention_data_class" AS ENUM('telemetry');--> statement-breakpoint
CREATE TABLE "retention_policies" (
	"data_class" "retention_data_class" PRIMARY KEY NOT NULL,
	"keep_days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by_id" integer,
	CONSTRAINT "retention_policies_keep_days_check" CHECK ("retention_policies"."keep_days" > 0)
);
--> statement-breakpoint
ALTER TABLE "retention_policies" ADD CONSTRAINT "retention_policies_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;