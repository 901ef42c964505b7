-- New page ranges of process_steps get summarised by autovacuum as they fill, between KPI refreshes
-- (the refresh also summarises them itself before it reads).
ALTER INDEX "process_steps_ended_brin_idx" SET (autosummarize = on);
