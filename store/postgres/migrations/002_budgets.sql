-- Command budgets every replica shares: one token bucket per chat, so a
-- chat's limit holds whichever replica its commands reach. Unlogged: the
-- buckets refill in seconds, so losing them in a crash costs nothing.
CREATE UNLOGGED TABLE budgets (
    key    TEXT PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    at     BIGINT NOT NULL -- unix milliseconds of the last charge
);
