-- Actors the sentence does not name but PLOVER coders assume (the state where a rally happens
-- is its recipient) are kept, and marked, so a reader can tell them from quoted ones.
ALTER TABLE event_actors ADD COLUMN implied INTEGER NOT NULL DEFAULT 0 CHECK (implied IN (0, 1));
