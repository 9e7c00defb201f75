-- Long videos and storyboards. A segmented video is one parent generation whose
-- `plan` holds the stored plan (segments with duration, prompt, continuity) and a snapshot of
-- each segment's state; each segment is a child generation (`parent_id` = the parent,
-- `segment_index` = its place in the plan), driven by the worker like any generation.
-- `estimate` is the cost estimate made before submission (every generation).
ALTER TABLE generations ADD COLUMN IF NOT EXISTS plan jsonb;
ALTER TABLE generations ADD COLUMN IF NOT EXISTS segment_index integer;
ALTER TABLE generations ADD COLUMN IF NOT EXISTS estimate jsonb;

CREATE INDEX IF NOT EXISTS generations_segments_idx ON generations (parent_id, segment_index)
  WHERE segment_index IS NOT NULL;
