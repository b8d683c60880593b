-- Scopes: a report or feed added from a chat belongs to that chat; one the
-- operator adds is shared by every chat (scope ''). What existed before
-- scopes stays shared.
CREATE TABLE report_scopes (
    scope     TEXT NOT NULL,             -- '' shared, else platform:chat_id
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (scope, report_id)
);
CREATE INDEX report_scopes_report ON report_scopes (report_id);
INSERT INTO report_scopes (scope, report_id) SELECT '', id FROM reports;

CREATE TABLE feeds_scoped (
    url           TEXT NOT NULL,
    scope         TEXT NOT NULL DEFAULT '',
    platform      TEXT NOT NULL DEFAULT '',
    chat_id       TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    next_try      INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    added         INTEGER NOT NULL,
    PRIMARY KEY (url, scope)
);
INSERT INTO feeds_scoped (url, scope, platform, chat_id, title, etag, last_modified, failures, last_error, next_try, disabled, added)
    SELECT url, '', platform, chat_id, title, etag, last_modified, failures, last_error, next_try, disabled, added FROM feeds;
DROP TABLE feeds;
ALTER TABLE feeds_scoped RENAME TO feeds;
CREATE INDEX feeds_scope ON feeds (scope);

-- Page URLs whose text turned out to be a report already stored, so a feed
-- poll never fetches the same page twice.
CREATE TABLE seen_urls (
    url       TEXT PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE
);
