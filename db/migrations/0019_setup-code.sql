CREATE TABLE "setup_code" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "setup_code_single_row_check" CHECK ("setup_code"."id")
);
