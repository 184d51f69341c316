-- A commitment's life, not only its status: who is bound, its unit and place, and for each
-- report what it says: a mention of the deal, a round carried out, a running total, the deal
-- completed, extended (with the new end), ended (suspended, withdrawn, violated, expired: by
-- whom), resumed or refused. The status stored is the one for as_of; readers judge any other
-- day from the evidence with the same function.
ALTER TABLE commitments ADD COLUMN unit TEXT;
ALTER TABLE commitments ADD COLUMN bound TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(bound));
ALTER TABLE commitments ADD COLUMN place TEXT;
ALTER TABLE commitments ADD COLUMN deadline_kind TEXT;

CREATE TABLE commitment_evidence_011 (
    commitment_id TEXT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('source', 'mention', 'fulfil', 'total', 'complete',
                                       'extend', 'end', 'resume', 'contradict')),
    quantity INTEGER,
    date TEXT,
    unit TEXT,
    by_codes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(by_codes)),
    deadline TEXT,
    note TEXT,
    PRIMARY KEY (commitment_id, event_id, kind)
);
INSERT INTO commitment_evidence_011 (commitment_id, event_id, story_id, article_id, kind,
                                     quantity, date)
    SELECT commitment_id, event_id, story_id, article_id, kind, quantity, date
    FROM commitment_evidence;
DROP TABLE commitment_evidence;
ALTER TABLE commitment_evidence_011 RENAME TO commitment_evidence;
CREATE INDEX commitment_evidence_event ON commitment_evidence(event_id);
CREATE INDEX commitment_evidence_commitment ON commitment_evidence(commitment_id);
