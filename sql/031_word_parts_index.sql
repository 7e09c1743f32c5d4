-- 031_word_parts_index.sql -- the parts of the records' words looked up by
-- value: a query's word that no record has is cut into a head and a tail
-- that records use, as whole words or as parts of their compounds
-- (kc_nl_known, sql/functions/search.sql), without the dictionary.
CREATE INDEX dutch_word_parts_parts_idx ON dutch_word_parts USING gin (parts);
