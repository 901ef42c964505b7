ALTER TYPE "public"."role" ADD VALUE 'planner' BEFORE 'quality';--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "serial_prefix" text;