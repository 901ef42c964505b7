-- KPI rollups are recomputed per hour (server/kpis/rollups.ts). These
-- statement-level triggers log which UTC hours a write touched; they add one
-- small INSERT per statement, so COPY and batched ingest stay fast.
CREATE OR REPLACE FUNCTION kpi_dirty_from_steps() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A step changes its station's hour and, through first-pass yield, the hour its unit finished in.
  INSERT INTO kpi_dirty_hours (hour)
  SELECT h FROM (
    SELECT date_trunc('hour', s.ended_at, 'UTC') AS h FROM kpi_rows s
    UNION
    SELECT date_trunc('hour', u.completed_at, 'UTC') FROM kpi_rows s JOIN units u ON u.id = s.unit_id WHERE u.completed_at IS NOT NULL
  ) d;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kpi_dirty_from_units() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_hours (hour)
  SELECT DISTINCT date_trunc('hour', u.completed_at, 'UTC') FROM kpi_rows u WHERE u.completed_at IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kpi_dirty_from_state_intervals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Every hour the interval covers; an open interval's later hours are marked by each refresh.
  INSERT INTO kpi_dirty_hours (hour)
  SELECT DISTINCT generate_series(date_trunc('hour', i.started_at, 'UTC'), date_trunc('hour', greatest(i.started_at, coalesce(i.ended_at, i.started_at)), 'UTC'), interval '1 hour')
  FROM kpi_rows i;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A trigger with a transition table serves one event only: one trigger per event, old and new rows alike.
CREATE TRIGGER process_steps_kpi_dirty_insert AFTER INSERT ON process_steps REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_steps();
--> statement-breakpoint
CREATE TRIGGER process_steps_kpi_dirty_update_new AFTER UPDATE ON process_steps REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_steps();
--> statement-breakpoint
CREATE TRIGGER process_steps_kpi_dirty_update_old AFTER UPDATE ON process_steps REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_steps();
--> statement-breakpoint
CREATE TRIGGER process_steps_kpi_dirty_delete AFTER DELETE ON process_steps REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_steps();
--> statement-breakpoint
CREATE TRIGGER units_kpi_dirty_insert AFTER INSERT ON units REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_units();
--> statement-breakpoint
CREATE TRIGGER units_kpi_dirty_update_new AFTER UPDATE ON units REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_units();
--> statement-breakpoint
CREATE TRIGGER units_kpi_dirty_update_old AFTER UPDATE ON units REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_units();
--> statement-breakpoint
CREATE TRIGGER units_kpi_dirty_delete AFTER DELETE ON units REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_units();
--> statement-breakpoint
CREATE TRIGGER station_state_intervals_kpi_dirty_insert AFTER INSERT ON station_state_intervals REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_state_intervals();
--> statement-breakpoint
CREATE TRIGGER station_state_intervals_kpi_dirty_update_new AFTER UPDATE ON station_state_intervals REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_state_intervals();
--> statement-breakpoint
CREATE TRIGGER station_state_intervals_kpi_dirty_update_old AFTER UPDATE ON station_state_intervals REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_state_intervals();
--> statement-breakpoint
CREATE TRIGGER station_state_intervals_kpi_dirty_delete AFTER DELETE ON station_state_intervals REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_state_intervals();
--> statement-breakpoint
-- The rollup reads steps by end time across all stations; steps arrive roughly in time order, so a BRIN index is enough.
CREATE INDEX IF NOT EXISTS "process_steps_ended_brin_idx" ON "process_steps" USING brin ("ended_at");
