-- Notifications about campaigns (stories reviewed, offers to volunteer) are not about a post:
-- they carry the address of the page they are about. And each person chooses whether unread
-- notifications also come as a daily or weekly mail, and whether their profile shows what they
-- have done for the organisation.
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check
  CHECK (kind IN ('reply', 'mention', 'watched_thread', 'watched_category', 'post_hidden',
                  'suspended', 'story_submitted', 'story_reviewed', 'offer_received',
                  'offer_escalated', 'offer_answered'));
-- A path inside the web app ("/offers/12"), never a full URL: links are made from it.
ALTER TABLE notifications ADD COLUMN link text CHECK (link IS NULL OR link ~ '^/[^/]');

CREATE TABLE notification_preferences (
  person_id        bigint PRIMARY KEY REFERENCES persons(id),
  digest           text NOT NULL DEFAULT 'off' CHECK (digest IN ('off', 'daily', 'weekly')),
  -- The newest notification a digest has already told about: the next one starts after it.
  digested_up_to   bigint NOT NULL DEFAULT 0,
  last_digest_at   timestamptz,
  show_recognition boolean NOT NULL DEFAULT false
);
-- The ticker looks every second for the digests that are due.
CREATE INDEX notification_preferences_digest_due ON notification_preferences (last_digest_at)
  WHERE digest <> 'off';
