-- Articles, the events and statistics extracted from them, and full-text search over articles.

-- seq is the stable integer rowid the FTS index points at (VACUUM may renumber implicit rowids).
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    text TEXT NOT NULL,
    date TEXT,
    source TEXT,
    url TEXT,
    path TEXT,
    metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata)),
    extraction_error TEXT,
    ingested_at TEXT NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    mode TEXT,
    modality TEXT NOT NULL,
    trigger TEXT NOT NULL,
    location_text TEXT,
    location_name TEXT,
    location_country TEXT,
    location_admin1 TEXT,
    location_lat REAL,
    location_lon REAL,
    location_geonameid INTEGER,
    date_text TEXT,
    date_value TEXT,
    date_precision TEXT,
    killed INTEGER,
    injured INTEGER,
    persons INTEGER,
    per_side INTEGER NOT NULL DEFAULT 0 CHECK (per_side IN (0, 1)),
    qualifiers TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(qualifiers)),
    claimed_by_text TEXT,
    claimed_by_code TEXT,
    claimed_by_sector TEXT,
    evidence_text TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    confidence REAL NOT NULL
);

CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('source', 'target')),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    name TEXT,
    code TEXT,
    sector TEXT,
    PRIMARY KEY (event_id, role, position)
);

CREATE TABLE statistics (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    value INTEGER NOT NULL,
    qualifier TEXT,
    subject TEXT,
    evidence_text TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    claimed_by_text TEXT,
    claimed_by_code TEXT,
    claimed_by_sector TEXT
);

CREATE INDEX events_type ON events(type);
CREATE INDEX events_date_value ON events(date_value);
CREATE INDEX events_article_id ON events(article_id);
CREATE INDEX events_location_country ON events(location_country);
CREATE INDEX events_location_admin1 ON events(location_admin1);
CREATE INDEX event_actors_code ON event_actors(code);
CREATE INDEX statistics_article_id ON statistics(article_id);
CREATE INDEX articles_date ON articles(date);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
