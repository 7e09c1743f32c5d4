-- synonyms.sql -- the synonyms and abbreviations the team edits at
-- /admin/synonyms (table: 024; applied by kc_tsquery in search.sql; a
-- change empties the search caches and the page caches by the triggers
-- there). Audited like the other admin changes.

-- Add (p_id NULL) or change a synonym: 'ok', 'role' (not an admin),
-- 'notfound', 'invalid' (a side without words, too long, or both the same
-- once written as kc_search_words() writes them) or 'duplicate'.
CREATE OR REPLACE FUNCTION kc_synonym_save(p_admin bigint, p_id bigint, p_term text,
                                           p_expansion text)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_term text := kc_search_words(p_term);
    v_exp text := kc_search_words(p_expansion);
    v_old search_synonyms%ROWTYPE;
    v_id bigint;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    IF p_id IS NOT NULL THEN
        SELECT * INTO v_old FROM search_synonyms WHERE id = p_id FOR UPDATE;
        IF NOT FOUND THEN
            RETURN 'notfound';
        END IF;
    END IF;
    IF v_term = '' OR v_exp = '' OR v_term = v_exp
       OR char_length(v_term) > 100 OR char_length(v_exp) > 200 THEN
        RETURN 'invalid';
    END IF;
    IF EXISTS (SELECT 1 FROM search_synonyms
                WHERE term = v_term AND expansion = v_exp AND id IS DISTINCT FROM p_id) THEN
        RETURN 'duplicate';
    END IF;
    IF p_id IS NULL THEN
        INSERT INTO search_synonyms (term, expansion, created_by)
        VALUES (v_term, v_exp, p_admin) RETURNING id INTO v_id;
        PERFORM kc_audit(p_admin, 'synonym_add', 'search_synonym', v_id, NULL,
                         jsonb_build_object('term', v_term, 'expansion', v_exp));
    ELSE
        IF v_old.term = v_term AND v_old.expansion = v_exp THEN
            RETURN 'ok';
        END IF;
        UPDATE search_synonyms SET term = v_term, expansion = v_exp, updated_at = now()
         WHERE id = p_id;
        PERFORM kc_audit(p_admin, 'synonym_edit', 'search_synonym', p_id, NULL,
                         jsonb_build_object('old', jsonb_build_object('term', v_old.term,
                                                                      'expansion', v_old.expansion),
                                            'new', jsonb_build_object('term', v_term,
                                                                      'expansion', v_exp)));
    END IF;
    RETURN 'ok';
END
$$;

-- Take a synonym away: 'ok', 'role' or 'notfound'.
CREATE OR REPLACE FUNCTION kc_synonym_delete(p_admin bigint, p_id bigint)
RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    v_old search_synonyms%ROWTYPE;
BEGIN
    IF NOT kc_member_has_role(p_admin, ARRAY['admin']) THEN
        RETURN 'role';
    END IF;
    DELETE FROM search_synonyms WHERE id = p_id RETURNING * INTO v_old;
    IF NOT FOUND THEN
        RETURN 'notfound';
    END IF;
    PERFORM kc_audit(p_admin, 'synonym_delete', 'search_synonym', p_id, NULL,
                     jsonb_build_object('term', v_old.term, 'expansion', v_old.expansion));
    RETURN 'ok';
END
$$;
