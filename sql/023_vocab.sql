-- 023_vocab.sql -- the published vocabularies (issue 16): /vocab/levels and
-- /vocab/subjects as SKOS concept schemes, and what the records' JSON-LD
-- needs of the kinds.
--
-- ISCED 2011 levels (UNESCO, International Standard Classification of
-- Education 2011, levels 0-8) and which of them each of our levels is
-- close to (skos:closeMatch: a level of ours can span several ISCED levels,
-- or none, as special needs education does). Data, not C: the team edits
-- the mapping like the names.
CREATE TABLE isced_levels (
    code     text PRIMARY KEY CHECK (code ~ '^[0-8]$'),
    name_nl  text NOT NULL,
    name_en  text NOT NULL
);

INSERT INTO isced_levels (code, name_nl, name_en) VALUES
    ('0', 'Onderwijs voor jonge kinderen',          'Early childhood education'),
    ('1', 'Lager onderwijs',                        'Primary education'),
    ('2', 'Lager secundair onderwijs',              'Lower secondary education'),
    ('3', 'Hoger secundair onderwijs',              'Upper secondary education'),
    ('4', 'Postsecundair niet-tertiair onderwijs',  'Post-secondary non-tertiary education'),
    ('5', 'Kortlopend tertiair onderwijs',          'Short-cycle tertiary education'),
    ('6', 'Bachelor of gelijkwaardig',              'Bachelor''s or equivalent level'),
    ('7', 'Master of gelijkwaardig',                'Master''s or equivalent level'),
    ('8', 'Doctoraat of gelijkwaardig',             'Doctoral or equivalent level');

CREATE TABLE level_isced (
    level_id  int NOT NULL REFERENCES levels ON DELETE CASCADE,
    isced     text NOT NULL REFERENCES isced_levels,
    PRIMARY KEY (level_id, isced)
);

-- In Flanders the first grade of secondary school is ISCED 2, the second
-- and third grades ISCED 3 (the Dutch onderbouw / middenbouw / bovenbouw
-- map the same way); HBO5 is short-cycle tertiary (ISCED 5; the Dutch
-- mbo it stands beside is ISCED 3-4); higher education is ISCED 6-8;
-- adult education gives secondary and post-secondary courses (3-4);
-- teacher training is a bachelor or master (6-7). Special needs education
-- runs across levels and has no ISCED level of its own.
INSERT INTO level_isced (level_id, isced)
SELECT v.id, m.isced
  FROM (VALUES ('kleuter', '0'), ('lager', '1'), ('secundair-1', '2'),
               ('secundair-2', '3'), ('secundair-3', '3'), ('beroeps', '4'),
               ('beroeps', '5'), ('hoger', '6'), ('hoger', '7'), ('hoger', '8'),
               ('volwassenen', '3'), ('volwassenen', '4'),
               ('lerarenopleiding', '6'), ('lerarenopleiding', '7')) m (code, isced)
  JOIN levels v ON v.code = m.code;

-- The schema.org CreativeWork subtype a record of the kind also is, beside
-- LearningResource, in the record pages' JSON-LD; NULL where none fits (a
-- calendar activity is an Event, a product a Product: not creative works).
ALTER TABLE record_kinds
    ADD COLUMN schema_type text NULL CHECK (schema_type ~ '^[A-Z][A-Za-z]+$');

UPDATE record_kinds k SET schema_type = m.t
  FROM (VALUES ('article', 'Article'), ('document', 'DigitalDocument'),
               ('site', 'WebSite'), ('own_site', 'WebSite'),
               ('software', 'SoftwareApplication'), ('exercise', 'Quiz'),
               ('image', 'ImageObject'), ('audio', 'AudioObject'),
               ('video', 'VideoObject')) m (code, t)
 WHERE k.code = m.code;
