-- 011_facet_delete_order.sql -- AFTER triggers of one event fire in name
-- order, and the foreign keys' cascade triggers are named
-- "RI_ConstraintTrigger_...". When a published record is deleted, its
-- counts must be taken back while its subjects and levels still exist, so
-- the counting trigger is named to sort before them.
ALTER TRIGGER records_facets_trg ON records RENAME TO "A_records_facets_trg";
