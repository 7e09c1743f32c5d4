-- 016_account_mail.sql -- a forgotten password, a confirmed e-mail address.
--
-- The functions (kc_password_reset_request/_use, kc_email_confirm_send,
-- kc_email_confirm, kc_member_token_valid) are in sql/functions/accounts.sql.

-- When the member proved the address is theirs (followed the link mailed
-- at registration). Until then nothing sends mail to others in their name
-- (recommend by mail). The default is deliberate: every member that exists
-- when this runs, and every member made straight in SQL (demo and big data
-- in sql/demo/, tools/kcdb, tests' fixtures), counts as confirmed; only
-- kc_member_register, the site's registration, writes NULL. Members that
-- exist now count as confirmed since they registered (created_at, not the
-- moment of this migration, so every database computes the same rows).
ALTER TABLE members ADD COLUMN email_confirmed_at timestamptz NULL;
UPDATE members SET email_confirmed_at = created_at;
ALTER TABLE members ALTER COLUMN email_confirmed_at SET DEFAULT now();

-- Single-use tokens mailed to a member: a password reset (1 hour) or the
-- confirmation of the address (7 days). Only the SHA-256 of the token is
-- kept (kc_token_hash, as for sessions). email_lower is the address the
-- token was mailed to: a confirmation counts only for that address.
CREATE TABLE member_tokens (
    token_hash   bytea PRIMARY KEY,
    member_id    bigint NOT NULL REFERENCES members ON DELETE CASCADE,
    purpose      text NOT NULL CHECK (purpose IN ('reset', 'confirm')),
    email_lower  text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz NULL
);
CREATE INDEX member_tokens_member_idx ON member_tokens (member_id, purpose);

-- Every request for such a mail, sent or not, for the rate limits: per
-- address (a reset for an unknown address counts the same, so the limit
-- says nothing about who is a member) and per client address. 'confirm'
-- is the mail of the registration, 'resend' the button "send it again".
CREATE TABLE account_mail_requests (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    purpose      text NOT NULL CHECK (purpose IN ('reset', 'confirm', 'resend')),
    email_lower  text NOT NULL,
    ip           text NOT NULL,
    at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX account_mail_requests_email_idx ON account_mail_requests (purpose, email_lower, at);
CREATE INDEX account_mail_requests_ip_idx ON account_mail_requests (purpose, ip, at);
