-- themes.sql -- theme pages (tables: 026). The conventions of admin.sql
-- hold: one function per change, checked for role admin, an error code
-- instead of a raise, one audit_log row per change.

-- Create (p_theme NULL) or change a theme.
--   'ok:<id>' | 'role' | 'notfound' | 'slug' (taken or malformed)
--   | 'invalid' (title empty or too long, intro too long, order out of range)
CREATE OR REPLACE FUNCTION kc_theme_save(p_admin bigint, p_theme bigint, p_slug text,
                                         p_title text, p_intro text, p_published boolean,
                                         p_featured boolean, p_order int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id    bigint;
    v_title text := btrim(coalesce(p_title, ''));
    v_intro text := btrim(coalesce(p_intro, ''));
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_slug IS NULL OR p_slug !~ '^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$' THEN
        RETURN 'slug';
    END IF;
    IF char_length(v_title) NOT BETWEEN 1 AND 200 OR char_length(v_intro) > 5000
       OR p_order IS NULL OR p_order NOT BETWEEN 0 AND 1000 THEN
        RETURN 'invalid';
    END IF;
    IF EXISTS (SELECT 1 FROM themes t WHERE t.slug = p_slug
                  AND t.id IS DISTINCT FROM p_theme) THEN
        RETURN 'slug';
    END IF;
    IF p_theme IS NULL THEN
        -- A concurrent create of the same slug: the unique key decides.
        INSERT INTO themes (slug, title, intro, published, featured, feature_order, created_by)
        VALUES (p_slug, v_title, v_intro, p_published, p_featured, p_order, p_admin)
        ON CONFLICT (slug) DO NOTHING
        RETURNING id INTO v_id;
        IF v_id IS NULL THEN
            RETURN 'slug';
        END IF;
        PERFORM kc_audit(p_admin, 'theme_create', 'theme', v_id, NULL,
                         jsonb_build_object('slug', p_slug, 'title', v_title));
    ELSE
        UPDATE themes
           SET slug = p_slug, title = v_title, intro = v_intro, published = p_published,
               featured = p_featured, feature_order = p_order, updated_at = now()
         WHERE id = p_theme
        RETURNING id INTO v_id;
        IF v_id IS NULL THEN
            RETURN 'notfound';
        END IF;
        PERFORM kc_audit(p_admin, 'theme_update', 'theme', v_id, NULL,
                         jsonb_build_object('slug', p_slug, 'title', v_title,
                                            'published', p_published, 'featured', p_featured));
    END IF;
    RETURN 'ok:' || v_id;
END
$$;

-- 'ok' | 'role' | 'notfound'
CREATE OR REPLACE FUNCTION kc_theme_delete(p_admin bigint, p_theme bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_slug text;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    DELETE FROM themes WHERE id = p_theme RETURNING slug INTO v_slug;
    IF v_slug IS NULL THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_audit(p_admin, 'theme_delete', 'theme', p_theme, NULL,
                     jsonb_build_object('slug', v_slug));
    RETURN 'ok';
END
$$;

-- Add a section at the end (p_section NULL) or change one. p_search: the
-- query string of /records (checked by the module with the search's own
-- parser) or NULL.
-- p_theme is ignored for a change (the section's own theme).
--   'ok:<theme id>' | 'role' | 'notfound' | 'invalid'
CREATE OR REPLACE FUNCTION kc_theme_section_save(p_admin bigint, p_theme bigint,
                                                 p_section bigint, p_title text, p_intro text,
                                                 p_search text, p_limit int)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_id     bigint;
    v_title  text := btrim(coalesce(p_title, ''));
    v_intro  text := btrim(coalesce(p_intro, ''));
    v_search text := nullif(btrim(coalesce(p_search, '')), '');
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF char_length(v_title) NOT BETWEEN 1 AND 200 OR char_length(v_intro) > 2000
       OR char_length(v_search) > 500 OR p_limit IS NULL OR p_limit NOT BETWEEN 1 AND 20 THEN
        RETURN 'invalid';
    END IF;
    IF p_section IS NULL THEN
        -- The theme's row lock: two sections added at once get two positions.
        PERFORM 1 FROM themes WHERE id = p_theme FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'notfound';
        END IF;
        INSERT INTO theme_sections (theme_id, position, title, intro, search, search_limit)
        SELECT p_theme, coalesce(max(s.position), 0) + 1, v_title, v_intro, v_search, p_limit
          FROM theme_sections s WHERE s.theme_id = p_theme
        RETURNING id INTO v_id;
    ELSE
        UPDATE theme_sections
           SET title = v_title, intro = v_intro, search = v_search, search_limit = p_limit
         WHERE id = p_section
        RETURNING id, theme_id INTO v_id, p_theme;
        IF v_id IS NULL THEN
            RETURN 'notfound';
        END IF;
    END IF;
    UPDATE themes SET updated_at = now() WHERE id = p_theme;
    PERFORM kc_audit(p_admin, 'theme_section', 'theme', p_theme, NULL,
                     jsonb_build_object('section', v_id, 'change',
                                        CASE WHEN p_section IS NULL THEN 'add' ELSE 'edit' END,
                                        'title', v_title, 'search', v_search));
    RETURN 'ok:' || p_theme;
END
$$;

-- Delete a section, or move it one place up or down (p_change 'delete',
-- 'up', 'down'). 'ok:<theme id>' | 'role' | 'notfound' | 'invalid'
-- | 'already' (first moved up, last moved down)
CREATE OR REPLACE FUNCTION kc_theme_section_change(p_admin bigint, p_section bigint,
                                                   p_change text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_sec   theme_sections%ROWTYPE;
    v_other theme_sections%ROWTYPE;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_change IS NULL OR p_change NOT IN ('delete', 'up', 'down') THEN
        RETURN 'invalid';
    END IF;
    SELECT * INTO v_sec FROM theme_sections WHERE id = p_section;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM 1 FROM themes WHERE id = v_sec.theme_id FOR UPDATE;
    IF p_change = 'delete' THEN
        DELETE FROM theme_sections WHERE id = p_section;
    ELSE
        SELECT * INTO v_other FROM theme_sections s
         WHERE s.theme_id = v_sec.theme_id AND s.id <> v_sec.id
           AND CASE WHEN p_change = 'up' THEN (s.position, s.id) < (v_sec.position, v_sec.id)
                    ELSE (s.position, s.id) > (v_sec.position, v_sec.id) END
         ORDER BY CASE WHEN p_change = 'up' THEN -s.position ELSE s.position END,
                  CASE WHEN p_change = 'up' THEN -s.id ELSE s.id END
         LIMIT 1;
        IF NOT FOUND THEN
            RETURN 'already';
        END IF;
        UPDATE theme_sections SET position = v_other.position WHERE id = v_sec.id;
        UPDATE theme_sections SET position = v_sec.position WHERE id = v_other.id;
        IF v_sec.position = v_other.position THEN
            UPDATE theme_sections
               SET position = position + CASE WHEN p_change = 'up' THEN 1 ELSE -1 END
             WHERE id = v_other.id;
        END IF;
    END IF;
    UPDATE themes SET updated_at = now() WHERE id = v_sec.theme_id;
    PERFORM kc_audit(p_admin, 'theme_section', 'theme', v_sec.theme_id, NULL,
                     jsonb_build_object('section', p_section, 'change', p_change,
                                        'title', v_sec.title));
    RETURN 'ok:' || v_sec.theme_id;
END
$$;

-- A record in a section: 'add' (at the end), 'remove', 'up', 'down'.
-- Any record that exists may be added; only published ones are shown.
--   'ok:<theme id>' | 'role' | 'notfound' (section, record, or the record
--   is not in the section) | 'already' (added twice; moved past an end)
--   | 'invalid'
CREATE OR REPLACE FUNCTION kc_theme_item_change(p_admin bigint, p_section bigint,
                                                p_record bigint, p_change text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v_theme bigint;
    v_pos   int;
    v_other theme_items%ROWTYPE;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_change IS NULL OR p_change NOT IN ('add', 'remove', 'up', 'down') THEN
        RETURN 'invalid';
    END IF;
    SELECT s.theme_id INTO v_theme FROM theme_sections s WHERE s.id = p_section;
    IF v_theme IS NULL THEN
        RETURN 'notfound';
    END IF;
    -- The theme's row lock orders concurrent changes of its lists.
    PERFORM 1 FROM themes WHERE id = v_theme FOR UPDATE;
    IF p_change = 'add' THEN
        IF NOT EXISTS (SELECT 1 FROM records r WHERE r.id = p_record) THEN
            RETURN 'notfound';
        END IF;
        INSERT INTO theme_items (section_id, record_id, position)
        SELECT p_section, p_record, coalesce(max(i.position), 0) + 1
          FROM theme_items i WHERE i.section_id = p_section
        ON CONFLICT (section_id, record_id) DO NOTHING;
        IF NOT FOUND THEN
            RETURN 'already';
        END IF;
    ELSE
        SELECT i.position INTO v_pos FROM theme_items i
         WHERE i.section_id = p_section AND i.record_id = p_record;
        IF v_pos IS NULL THEN
            RETURN 'notfound';
        END IF;
        IF p_change = 'remove' THEN
            DELETE FROM theme_items WHERE section_id = p_section AND record_id = p_record;
        ELSE
            SELECT * INTO v_other FROM theme_items i
             WHERE i.section_id = p_section AND i.record_id <> p_record
               AND CASE WHEN p_change = 'up' THEN (i.position, i.record_id) < (v_pos, p_record)
                        ELSE (i.position, i.record_id) > (v_pos, p_record) END
             ORDER BY CASE WHEN p_change = 'up' THEN -i.position ELSE i.position END,
                      CASE WHEN p_change = 'up' THEN -i.record_id ELSE i.record_id END
             LIMIT 1;
            IF NOT FOUND THEN
                RETURN 'already';
            END IF;
            UPDATE theme_items SET position = v_other.position
             WHERE section_id = p_section AND record_id = p_record;
            UPDATE theme_items
               SET position = CASE WHEN v_other.position = v_pos
                                   THEN v_pos + CASE WHEN p_change = 'up' THEN 1 ELSE -1 END
                                   ELSE v_pos END
             WHERE section_id = p_section AND record_id = v_other.record_id;
        END IF;
    END IF;
    UPDATE themes SET updated_at = now() WHERE id = v_theme;
    PERFORM kc_audit(p_admin, 'theme_item', 'theme', v_theme, NULL,
                     jsonb_build_object('section', p_section, 'record', p_record,
                                        'change', p_change));
    RETURN 'ok:' || v_theme;
END
$$;

-- What visitors see of a theme is cached: every change notifies kc_pages
-- (sql/functions/jobs.sql). A record's own changes (a takedown) notify
-- through records_pages_trg.
CREATE OR REPLACE TRIGGER themes_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON themes
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER theme_sections_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON theme_sections
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
CREATE OR REPLACE TRIGGER theme_items_pages_trg
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON theme_items
    FOR EACH STATEMENT EXECUTE FUNCTION kc_pages_changed();
