-- 033_search_index.sql -- what each node's in-memory search index
-- (KlasCementSearchIndex, mod_klascement/core/kc_sindex.c) needs to follow
-- the catalogue exactly: every change of what a search finds, with the
-- transaction that made it.
--
-- A node builds its index from a snapshot (pg_current_snapshot()) and from
-- then on asks for the records changed by transactions that snapshot does
-- not see: xid >= its xmin and not visible in it. No lock, no order of
-- commits to rely on; a transaction still running is seen once it commits.
-- Rows are kept an hour (kc_housekeeping); a node that has not caught up
-- for half an hour builds anew.
CREATE TABLE search_changes (
    xid       xid8        NOT NULL DEFAULT pg_current_xact_id(),
    record_id bigint      NOT NULL,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_changes_xid_idx ON search_changes (xid);
CREATE INDEX search_changes_at_idx ON search_changes (at);
