-- When the last billable start of a generation was sent (Unix ms): the time a lost-job lookup
-- matches the provider's creation times against, and where its grace window starts.
ALTER TABLE generations ADD COLUMN IF NOT EXISTS start_sent_at bigint;
