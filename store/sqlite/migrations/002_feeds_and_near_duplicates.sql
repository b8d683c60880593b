-- MinHash signatures find the same story republished elsewhere.
ALTER TABLE reports ADD COLUMN minhash BLOB;

-- Feeds briefbot polls, with what conditional GET needs and how they fare.
CREATE TABLE feeds (
    url           TEXT PRIMARY KEY,
    platform      TEXT NOT NULL DEFAULT '', -- the chat that added it, told when it keeps failing
    chat_id       TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    next_try      INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    added         INTEGER NOT NULL
);
