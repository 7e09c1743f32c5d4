-- 030_newsletter_sources.sql -- the newsletter's headings for two more
-- sources of suggestions (sql/functions/newsletter.sql): coming webinars
-- and theme pages (026).
INSERT INTO job_mail_texts (code, lang, subject, body) VALUES
('newsletter_webinar', 'nl', 'Webinars die eraan komen', ''),
('newsletter_webinar', 'en', 'Coming webinars', ''),
('newsletter_theme', 'nl', 'Themapagina''s', ''),
('newsletter_theme', 'en', 'Theme pages', '');
