-- Full-text search over what events say: the evidence sentence and the content of an agreement,
-- demand or promise. Searching whole articles (articles_fts) finds every event of any article
-- that mentions a word once; this index finds the events whose own words match.
-- The index keeps its own copy of the two texts, keyed by event id (an events rowid may change
-- on VACUUM); triggers keep it in step with the events table.
CREATE VIRTUAL TABLE events_fts USING fts5(
    event_id UNINDEXED, evidence, content, tokenize='unicode61 remove_diacritics 2'
);

INSERT INTO events_fts (event_id, evidence, content)
SELECT id, evidence_text, COALESCE(content, '') FROM events;

CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (event_id, evidence, content)
    VALUES (new.id, new.evidence_text, COALESCE(new.content, ''));
END;

CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE event_id = old.id;
END;

CREATE TRIGGER events_fts_update AFTER UPDATE OF id, evidence_text, content ON events BEGIN
    DELETE FROM events_fts WHERE event_id = old.id;
    INSERT INTO events_fts (event_id, evidence, content)
    VALUES (new.id, new.evidence_text, COALESCE(new.content, ''));
END;
