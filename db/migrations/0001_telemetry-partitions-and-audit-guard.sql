-- Telemetry is partitioned by calendar month (UTC). Anything outside the
-- created months lands in the default partition instead of failing the insert.
CREATE TABLE IF NOT EXISTS "telemetry_samples_default" PARTITION OF "telemetry_samples" DEFAULT;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION telemetry_ensure_partitions(around timestamptz, months_back int, months_ahead int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m date;
  part text;
BEGIN
  FOR i IN -months_back..months_ahead LOOP
    m := (date_trunc('month', around AT TIME ZONE 'UTC') + make_interval(months => i))::date;
    part := format('telemetry_samples_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    IF to_regclass(part) IS NULL THEN
      BEGIN
        EXECUTE format(
          'CREATE TABLE %I PARTITION OF telemetry_samples FOR VALUES FROM (%L) TO (%L)',
          part, (m::timestamp AT TIME ZONE 'UTC'), ((m + interval '1 month')::timestamp AT TIME ZONE 'UTC'));
      EXCEPTION WHEN duplicate_table OR check_violation THEN
        -- another process created it first, or the default partition already holds rows of that month
        RAISE NOTICE 'partition % not created: %', part, SQLERRM;
      END;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
SELECT telemetry_ensure_partitions(now(), 2, 3);
--> statement-breakpoint
-- The audit log is append-only: the database itself refuses updates and deletes.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
