-- The whole schema of the SQLite store as of its sixth migration, in
-- PostgreSQL's terms. Ids, terms and names compare byte by byte (COLLATE
-- "C"), as SQLite's do, so prefix ranges over them mean the same.
CREATE TABLE reports (
    seq       BIGSERIAL NOT NULL UNIQUE,   -- the order reports came in, for the term lists
    id        TEXT COLLATE "C" PRIMARY KEY, -- short id people type
    hash      TEXT NOT NULL UNIQUE,        -- SHA-256 of the normalised text
    source    TEXT NOT NULL,
    url       TEXT NOT NULL DEFAULT '',    -- canonical URL, when it came from the web
    title     TEXT NOT NULL,
    published BIGINT NOT NULL,             -- unix seconds, 0 when the report gives no date
    added     BIGINT NOT NULL,
    dated     BIGINT NOT NULL,             -- published, or added when there is no date
    indexed   TEXT NOT NULL DEFAULT '',    -- analyser version of the derived rows
    text      TEXT NOT NULL,
    minhash   BYTEA
);
CREATE INDEX reports_dated ON reports (dated DESC, added DESC);
CREATE INDEX reports_added ON reports (added);
CREATE INDEX reports_url ON reports (url) WHERE url <> '';
CREATE INDEX reports_unindexed ON reports (id) WHERE indexed = '';

CREATE TABLE report_sources (
    seq       BIGSERIAL NOT NULL,          -- keeps the first source first
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    source    TEXT NOT NULL,
    added     BIGINT NOT NULL,
    PRIMARY KEY (report_id, source)
);

CREATE TABLE report_scopes (
    scope     TEXT NOT NULL,               -- '' shared, else platform:chat_id
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (scope, report_id)
);
CREATE INDEX report_scopes_report ON report_scopes (report_id);

CREATE TABLE briefings (
    report_id TEXT COLLATE "C" PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    analyzer  TEXT NOT NULL,
    json      BYTEA NOT NULL
);

CREATE TABLE seen_urls (
    url       TEXT PRIMARY KEY,
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE
);

CREATE TABLE subscriptions (
    platform   TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    spec       TEXT NOT NULL,
    tz         TEXT NOT NULL,
    only_words TEXT NOT NULL DEFAULT '',
    skip_words TEXT NOT NULL DEFAULT '',
    daily      BOOLEAN NOT NULL DEFAULT FALSE,
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    reason     TEXT NOT NULL DEFAULT '',
    created    BIGINT NOT NULL,
    updated    BIGINT NOT NULL,
    PRIMARY KEY (platform, chat_id)
);

-- One row per digest, written as pending by the one process whose insert
-- wins and marked sent after the post: exactly once across replicas.
CREATE TABLE deliveries (
    platform TEXT NOT NULL,
    chat_id  TEXT NOT NULL,
    slot     TEXT NOT NULL,
    sent     BIGINT NOT NULL,
    reports  INTEGER NOT NULL,
    state    TEXT NOT NULL DEFAULT 'sent', -- pending | sent
    claimed  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (platform, chat_id, slot)
);
CREATE INDEX deliveries_pending ON deliveries (state, claimed) WHERE state = 'pending';

CREATE TABLE delivered_reports (
    platform  TEXT NOT NULL,
    chat_id   TEXT NOT NULL,
    report_id TEXT COLLATE "C" NOT NULL,
    slot      TEXT NOT NULL,
    PRIMARY KEY (platform, chat_id, report_id)
);

CREATE TABLE feeds (
    url           TEXT NOT NULL,
    scope         TEXT NOT NULL DEFAULT '',
    platform      TEXT NOT NULL DEFAULT '',
    chat_id       TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    failures      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT '',
    next_try      BIGINT NOT NULL DEFAULT 0,
    disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    added         BIGINT NOT NULL,
    PRIMARY KEY (url, scope)
);
CREATE INDEX feeds_scope ON feeds (scope);

CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires BIGINT NOT NULL -- unix milliseconds
);

-- The library's indexes: actors' name words, the terms of each report's
-- sentences (for /ask) and of its title (for /brief <words>), and MinHash
-- bands for near duplicates.
CREATE TABLE actor_terms (
    term      TEXT COLLATE "C" NOT NULL,
    dated     BIGINT NOT NULL,
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor     TEXT COLLATE "C" NOT NULL,
    kind      TEXT NOT NULL,
    PRIMARY KEY (term, dated, report_id, actor)
);
CREATE INDEX actor_terms_names ON actor_terms (term, actor);
CREATE INDEX actor_terms_report ON actor_terms (report_id);

CREATE TABLE sentence_terms (
    term TEXT COLLATE "C" NOT NULL,
    seq  BIGINT NOT NULL REFERENCES reports (seq) ON DELETE CASCADE,
    PRIMARY KEY (term, seq)
);
CREATE INDEX sentence_terms_report ON sentence_terms (seq);

CREATE TABLE title_terms (
    term TEXT COLLATE "C" NOT NULL,
    seq  BIGINT NOT NULL REFERENCES reports (seq) ON DELETE CASCADE,
    PRIMARY KEY (term, seq)
);
CREATE INDEX title_terms_report ON title_terms (seq);

CREATE TABLE minhash_bands (
    band      INTEGER NOT NULL,
    key       BIGINT NOT NULL,
    report_id TEXT COLLATE "C" NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, report_id)
);
CREATE INDEX minhash_bands_report ON minhash_bands (report_id);

-- How many reports each scope sees, kept by a trigger, so /briefings says
-- how many there are without counting them.
CREATE TABLE scope_counts (
    scope TEXT PRIMARY KEY,
    n     BIGINT NOT NULL
);
CREATE FUNCTION count_scopes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE scope_counts SET n = n - 1 WHERE scope = OLD.scope;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO scope_counts (scope, n) VALUES (NEW.scope, 1)
            ON CONFLICT (scope) DO UPDATE SET n = scope_counts.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_scopes_counted AFTER INSERT OR DELETE OR UPDATE OF scope ON report_scopes
    FOR EACH ROW EXECUTE FUNCTION count_scopes();
