-- A number every committed change to the record raises, whichever process writes it (an ingest,
-- a link, a split, a POST to the server, a hand-made UPDATE): readers compare it to know whether
-- what they computed earlier still holds (the server's caches and ETags). store_id tells one
-- store from another whose counter happens to read the same. Tables added by later migrations
-- add their own triggers.
CREATE TABLE store_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    store_id TEXT NOT NULL
);

INSERT INTO store_version (id, version, store_id) VALUES (1, 1, lower(hex(randomblob(8))));

CREATE TRIGGER articles_insert_version AFTER INSERT ON articles BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER articles_update_version AFTER UPDATE ON articles BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER articles_delete_version AFTER DELETE ON articles BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER events_insert_version AFTER INSERT ON events BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER events_update_version AFTER UPDATE ON events BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER events_delete_version AFTER DELETE ON events BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER event_actors_insert_version AFTER INSERT ON event_actors BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER event_actors_update_version AFTER UPDATE ON event_actors BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER event_actors_delete_version AFTER DELETE ON event_actors BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER statistics_insert_version AFTER INSERT ON statistics BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER statistics_update_version AFTER UPDATE ON statistics BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER statistics_delete_version AFTER DELETE ON statistics BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER stories_insert_version AFTER INSERT ON stories BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER stories_update_version AFTER UPDATE ON stories BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER stories_delete_version AFTER DELETE ON stories BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER story_mentions_insert_version AFTER INSERT ON story_mentions BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER story_mentions_update_version AFTER UPDATE ON story_mentions BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER story_mentions_delete_version AFTER DELETE ON story_mentions BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_history_insert_version AFTER INSERT ON link_history BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_history_update_version AFTER UPDATE ON link_history BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_history_delete_version AFTER DELETE ON link_history BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_splits_insert_version AFTER INSERT ON link_splits BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_splits_update_version AFTER UPDATE ON link_splits BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER link_splits_delete_version AFTER DELETE ON link_splits BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitments_insert_version AFTER INSERT ON commitments BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitments_update_version AFTER UPDATE ON commitments BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitments_delete_version AFTER DELETE ON commitments BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitment_evidence_insert_version AFTER INSERT ON commitment_evidence BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitment_evidence_update_version AFTER UPDATE ON commitment_evidence BEGIN
    UPDATE store_version SET version = version + 1;
END;

CREATE TRIGGER commitment_evidence_delete_version AFTER DELETE ON commitment_evidence BEGIN
    UPDATE store_version SET version = version + 1;
END;
