-- Linking: one story per real event across reports, and commitments tracked until kept or broken.

-- A story is one real event; its mentions are the extracted events that report it.
-- Numbers are summarised UCDP-style: best (most-reported value, else median), low, high.
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    mode TEXT,
    modality TEXT NOT NULL,
    first_date TEXT,
    last_date TEXT,
    place_name TEXT,
    admin1 TEXT,
    country TEXT,
    actor_codes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(actor_codes)),
    killed_best INTEGER,
    killed_low INTEGER,
    killed_high INTEGER,
    injured_best INTEGER,
    injured_low INTEGER,
    injured_high INTEGER,
    persons_best INTEGER,
    persons_low INTEGER,
    persons_high INTEGER,
    per_side INTEGER NOT NULL DEFAULT 0 CHECK (per_side IN (0, 1)),
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE story_mentions (
    event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL
);

-- Every merge and split, append-only: what happened, to which story, and why.
CREATE TABLE link_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    story_id TEXT NOT NULL,
    other_story_id TEXT,
    event_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(event_ids)),
    score REAL,
    reason TEXT
);

-- Pairs a person split apart: re-linking never puts them in one story again.
CREATE TABLE link_splits (
    event_id TEXT NOT NULL,
    other_event_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (event_id, other_event_id)
);

-- A promise or agreement and how it stands as of the newest article in the store.
CREATE TABLE commitments (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    parties TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parties)),
    what TEXT NOT NULL,
    quantity INTEGER,
    per_side INTEGER NOT NULL DEFAULT 0 CHECK (per_side IN (0, 1)),
    made_on TEXT,
    deadline_text TEXT,
    deadline_start TEXT,
    deadline_end TEXT,
    status TEXT NOT NULL
        CHECK (status IN ('open', 'partly kept', 'kept', 'broken', 'overdue')),
    fulfilled_quantity INTEGER,
    decided_by TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(decided_by)),
    as_of TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE commitment_evidence (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('source', 'fulfil', 'contradict')),
    quantity INTEGER,
    date TEXT,
    PRIMARY KEY (commitment_id, event_id, kind)
);

CREATE INDEX story_mentions_story ON story_mentions(story_id);
CREATE INDEX link_history_story ON link_history(story_id);
CREATE INDEX commitments_status ON commitments(status);
CREATE INDEX commitment_evidence_event ON commitment_evidence(event_id);
