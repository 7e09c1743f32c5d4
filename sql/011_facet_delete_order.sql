-- 011_facet_delete_order.sql -- AFTER triggers of one event fire in name
-- order, and the foreign keys' cascade triggers are named
-- "RI_ConstraintTrigger_...". When a published record is deleted, its
-- counts must be taken back while its subjects and levels still exist, so
-- the counting trigger is named to sort before them: "A_records_facets_trg",
-- created in sql/functions/search.sql. A database migrated before 011 has it
-- under its old name, which goes (it would count every change twice).
DROP TRIGGER IF EXISTS records_facets_trg ON records;
