-- 008_account_deletion.sql -- deleting an account also erases the personal
-- data the community features added: private messages, follows, blocks,
-- favourites, the organisation profile and queued mail. Reactions, forum
-- posts and contributions stay under the first name and surname, as the
-- terms of use say.

CREATE OR REPLACE FUNCTION kc_member_delete(p_member bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE members
       SET email = NULL, password_hash = NULL, birthday = NULL,
           picture_sha256 = NULL, picture_type = NULL, expertise = '',
           organisation = '', deleted_at = now()
     WHERE id = p_member AND deleted_at IS NULL;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    DELETE FROM sessions WHERE member_id = p_member;
    DELETE FROM member_subjects WHERE member_id = p_member;
    DELETE FROM member_levels WHERE member_id = p_member;
    DELETE FROM messages WHERE sender_id = p_member OR recipient_id = p_member;
    DELETE FROM follows WHERE follower_id = p_member OR followed_id = p_member;
    DELETE FROM blocks WHERE blocker_id = p_member OR blocked_id = p_member;
    DELETE FROM favourites WHERE member_id = p_member;
    DELETE FROM organisation_profiles WHERE member_id = p_member;
    DELETE FROM mail_outbox WHERE member_id = p_member AND sent_at IS NULL;
    DELETE FROM notifications WHERE member_id = p_member;
    RETURN true;
END
$$;
