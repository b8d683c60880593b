-- Indexes that keep every command one look-up however large the library:
-- the date reports are listed by, the actors' name words, the sentences for
-- /ask, titles for picking a briefing by words, and MinHash bands for near
-- duplicates. The rows derived from a briefing are written by the store
-- (reports.indexed says which analysis they come from).
ALTER TABLE reports ADD COLUMN dated INTEGER NOT NULL DEFAULT 0; -- published, or added when the report gives no date
ALTER TABLE reports ADD COLUMN indexed TEXT NOT NULL DEFAULT '';  -- analyser version of the derived rows
UPDATE reports SET dated = CASE WHEN published != 0 THEN published ELSE added END;
CREATE INDEX reports_dated ON reports (dated DESC, added DESC);
CREATE INDEX reports_unindexed ON reports (indexed);

-- One row per (name word, briefing, actor): /positions X walks a word's
-- rows newest first; autocomplete walks a prefix of words.
CREATE TABLE actor_terms (
    term      TEXT NOT NULL,
    dated     INTEGER NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    actor     TEXT NOT NULL, -- the actor's name as the briefing gives it
    kind      TEXT NOT NULL,
    PRIMARY KEY (term, dated, report_id, actor)
) WITHOUT ROWID;
CREATE INDEX actor_terms_names ON actor_terms (term, actor);
CREATE INDEX actor_terms_report ON actor_terms (report_id);

-- Sentences of every briefing, for /ask, and titles, for /brief <words>,
-- as the analyser's terms (folded, stemmed, no stop words: briefings.Terms),
-- so the index and the questions use one set of words.
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    terms, report_id UNINDEXED, sentence UNINDEXED,
    tokenize = 'unicode61'
);
CREATE VIRTUAL TABLE titles_fts USING fts5(
    terms, report_id UNINDEXED,
    tokenize = 'unicode61'
);

-- MinHash LSH: a report's signature cut into bands, each hashed to a key;
-- a candidate near duplicate shares at least one (band, key).
CREATE TABLE minhash_bands (
    band      INTEGER NOT NULL,
    key       INTEGER NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (band, key, report_id)
) WITHOUT ROWID;
CREATE INDEX minhash_bands_report ON minhash_bands (report_id);

-- How many reports each scope holds, kept by triggers, so /briefings says
-- how many there are without counting them.
CREATE TABLE scope_counts (
    scope TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
);
INSERT INTO scope_counts (scope, n) SELECT scope, COUNT(*) FROM report_scopes GROUP BY scope;
CREATE TRIGGER report_scopes_counted AFTER INSERT ON report_scopes BEGIN
    INSERT INTO scope_counts (scope, n) VALUES (NEW.scope, 1)
        ON CONFLICT (scope) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER report_scopes_uncounted AFTER DELETE ON report_scopes BEGIN
    UPDATE scope_counts SET n = n - 1 WHERE scope = OLD.scope;
END;
