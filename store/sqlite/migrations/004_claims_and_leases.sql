-- Claim before post: a digest's ledger row is written as pending before it
-- is posted, by the one process whose insert succeeds, and marked sent after.
ALTER TABLE deliveries ADD COLUMN state TEXT NOT NULL DEFAULT 'sent'; -- pending | sent
ALTER TABLE deliveries ADD COLUMN claimed INTEGER NOT NULL DEFAULT 0;  -- unix seconds
CREATE INDEX deliveries_pending ON deliveries (state, claimed) WHERE state = 'pending';

-- Leases: the process holding 'scheduler' runs digests and feed polling.
CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL,
    expires INTEGER NOT NULL  -- unix milliseconds
);
