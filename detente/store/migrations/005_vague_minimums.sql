-- A vague amount ("several insurgents were killed") leaves the number unknown; the least the
-- wording allows is kept beside it, by field, so counts can be summed with a stated floor.
ALTER TABLE events ADD COLUMN minimums TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(minimums));
