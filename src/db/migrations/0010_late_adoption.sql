-- Generations that ended without a confirmed job (start_unconfirmed) or before their job
-- finished (timed_out) are looked up again for a while: a paid job that turns up late is
-- attached and its video stored. This index keeps that sweep cheap whatever the table's size.
CREATE INDEX IF NOT EXISTS generations_late_adoption_idx ON generations (updated_at)
  WHERE state = 'failed' AND error_code IN ('start_unconfirmed', 'timed_out') AND plan IS NULL;
