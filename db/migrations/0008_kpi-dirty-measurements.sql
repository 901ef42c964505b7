-- A measurement added or corrected after its step was written changes the defect Pareto of the step's hour.
CREATE OR REPLACE FUNCTION kpi_dirty_from_measurements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_hours (hour)
  SELECT DISTINCT date_trunc('hour', s.ended_at, 'UTC') FROM kpi_rows m JOIN process_steps s ON s.id = m.step_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER measurements_kpi_dirty_insert AFTER INSERT ON measurements REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_measurements();
--> statement-breakpoint
CREATE TRIGGER measurements_kpi_dirty_update_new AFTER UPDATE ON measurements REFERENCING NEW TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_measurements();
--> statement-breakpoint
CREATE TRIGGER measurements_kpi_dirty_update_old AFTER UPDATE ON measurements REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_measurements();
--> statement-breakpoint
CREATE TRIGGER measurements_kpi_dirty_delete AFTER DELETE ON measurements REFERENCING OLD TABLE AS kpi_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_dirty_from_measurements();
