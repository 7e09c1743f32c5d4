-- 022_oai.sql -- OAI-PMH (issue 16): the datestamp harvesters see.
--
-- oai_datestamp changes whenever what a harvester is shown of a record
-- changes (its metadata, or its state: a takedown or removal makes it a
-- deleted record with a later datestamp). Whole seconds, the protocol's
-- granularity, so a resumption token's (datestamp, id) is exact. Kept by
-- the trigger records_oai_datestamp_trg (sql/functions/oai.sql).
ALTER TABLE records
    ADD COLUMN oai_datestamp timestamptz NOT NULL DEFAULT date_trunc('second', now());

-- Backfill: the last change we know of.
UPDATE records
   SET oai_datestamp = date_trunc('second', greatest(updated_at, coalesce(published_at, updated_at)));

-- The harvest lists: records ever published (live or deleted) in
-- (datestamp, id) order, read with a keyset cursor.
CREATE INDEX records_oai_idx ON records (oai_datestamp, id) WHERE published_at IS NOT NULL;
