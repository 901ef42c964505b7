ALTER TABLE "ecrs" ADD COLUMN "reviewer_id" integer;--> statement-breakpoint
ALTER TABLE "ecrs" ADD COLUMN "decision_comment" text;--> statement-breakpoint
ALTER TABLE "ecrs" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "ecrs" ADD CONSTRAINT "ecrs_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;