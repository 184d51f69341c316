-- An event told more than once in one article (lead and body, a toll updated later) is one
-- event: every span that reports it is kept, the evidence being the most informative one.
ALTER TABLE events ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions));
