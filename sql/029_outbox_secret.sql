-- 029_outbox_secret.sql -- mail that carries a secret (a password-reset or
-- address-confirmation link) keeps it only until it is sent: once the mail
-- job has handed it to sendmail, or has given up on it, its body is
-- emptied (kc_outbox_done), so the outbox is no store of live tokens.
ALTER TABLE mail_outbox
    ADD COLUMN secret boolean NOT NULL DEFAULT false;

COMMENT ON COLUMN mail_outbox.secret IS
    'The body holds a one-time link: kc_outbox_done empties it once the mail is sent or given up.';

-- Mails of that kind sent before this migration: their links are either
-- used, expired or still live; the body is not needed any more.
UPDATE mail_outbox SET body = ''
 WHERE member_id IS NULL AND (sent_at IS NOT NULL OR failed_at IS NOT NULL)
   AND (body LIKE '%/password/reset/%' OR body LIKE '%/confirm/%');
