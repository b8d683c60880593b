-- Reports as read, their briefings per analyser version, subscriptions and
-- the delivery ledger.
CREATE TABLE reports (
    id        TEXT PRIMARY KEY,          -- short id people type
    hash      TEXT NOT NULL UNIQUE,      -- SHA-256 of the normalised text
    source    TEXT NOT NULL,
    url       TEXT NOT NULL DEFAULT '',  -- canonical URL, when it came from the web
    title     TEXT NOT NULL,
    published INTEGER NOT NULL,          -- unix seconds
    added     INTEGER NOT NULL,
    text      TEXT NOT NULL
);
CREATE INDEX reports_published ON reports (published DESC);
CREATE INDEX reports_added ON reports (added);
CREATE INDEX reports_url ON reports (url) WHERE url != '';

CREATE TABLE report_sources (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    source    TEXT NOT NULL,
    added     INTEGER NOT NULL,
    PRIMARY KEY (report_id, source)
);

CREATE TABLE briefings (
    report_id TEXT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    analyzer  TEXT NOT NULL,
    json      BLOB NOT NULL
);

CREATE TABLE subscriptions (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    spec        TEXT NOT NULL,           -- five-field cron expression
    tz          TEXT NOT NULL,           -- Area/City
    only_words  TEXT NOT NULL DEFAULT '',
    skip_words  TEXT NOT NULL DEFAULT '',
    daily       INTEGER NOT NULL DEFAULT 0, -- send even when nothing is new
    active      INTEGER NOT NULL DEFAULT 1,
    reason      TEXT NOT NULL DEFAULT '', -- why it was deactivated
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    PRIMARY KEY (platform, chat_id)
);

-- One row per digest: (chat, scheduled local time) is the key that makes
-- delivery exactly once across restarts.
CREATE TABLE deliveries (
    platform TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    slot     TEXT NOT NULL,              -- scheduled local time and zone
    sent     INTEGER NOT NULL,
    reports  INTEGER NOT NULL,
    PRIMARY KEY (platform, chat_id, slot)
);

CREATE TABLE delivered_reports (
    platform  TEXT NOT NULL,
    chat_id   TEXT NOT NULL,
    report_id TEXT NOT NULL,
    slot      TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, report_id)
);
