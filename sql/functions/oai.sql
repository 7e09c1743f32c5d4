-- oai.sql -- OAI-PMH (issue 16; table column: 022_oai.sql).

-- A record's datestamp moves on when anything a harvester is shown of it
-- changes: the metadata columns, its subjects and levels (the copies kept
-- on records by the record_subjects/record_levels triggers), its state
-- (published, taken down, removed...). Never backwards, so a harvester
-- asking from its last harvest sees every change.
CREATE OR REPLACE FUNCTION kc_records_oai_datestamp() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.oai_datestamp := greatest(date_trunc('second', now()), OLD.oai_datestamp);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER records_oai_datestamp_trg
    BEFORE UPDATE ON records
    FOR EACH ROW
    WHEN ((OLD.kind, OLD.title, OLD.description, OLD.language, OLD.licence,
           OLD.author_name, OLD.state, OLD.published_at, OLD.subject_ids,
           OLD.level_ids)
          IS DISTINCT FROM
          (NEW.kind, NEW.title, NEW.description, NEW.language, NEW.licence,
           NEW.author_name, NEW.state, NEW.published_at, NEW.subject_ids,
           NEW.level_ids))
    EXECUTE FUNCTION kc_records_oai_datestamp();
