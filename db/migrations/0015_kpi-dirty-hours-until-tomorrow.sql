-- Defence in depth behind the ingest worker's time window: an interval
-- reaching years ahead (a clock gone wrong, an import) marked one dirty hour
-- per hour it covers, tens of millions of rows inside the writer's
-- transaction. Hours later than a day from now are no longer marked here;
-- each rollup refresh marks the hours that intervals cover as time reaches
-- them (server/kpis/rollups.ts, markIntervalHoursSince).
CREATE OR REPLACE FUNCTION kpi_dirty_from_state_intervals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO kpi_dirty_hours (hour)
  SELECT DISTINCT generate_series(
    date_trunc('hour', i.started_at, 'UTC'),
    date_trunc('hour', least(greatest(i.started_at, coalesce(i.ended_at, i.started_at)), now() + interval '1 day'), 'UTC'),
    interval '1 hour')
  FROM kpi_rows i;
  RETURN NULL;
END $$;
