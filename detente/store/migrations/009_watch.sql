-- detente watch: what each feed last answered (its validators, for conditional requests)
-- and which feed items and watched files have been read, so a poll fetches only what is new.

CREATE TABLE watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT NOT NULL,
    error TEXT
);

-- key: the item's link without its #fragment, or "file:" and a watched file's path.
-- version: the item's updated (else published) stamp, or the file's mtime and size; a new
-- version is read again. article_id is set once the item's article is stored; a failed item
-- keeps its error and is tried again on later polls up to a few attempts.
CREATE TABLE watch_items (
    key TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    feed TEXT,
    article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    seen_at TEXT NOT NULL
);
