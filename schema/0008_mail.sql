-- Outgoing mail, queued in the same transaction as the change that causes it (a mail is sent if
-- and only if that change committed) and sent by the ticker of any server process. A mail the
-- SMTP server did not take is retried with growing delays; one that could not be sent for days
-- is given up but kept, with its last error, so an operator can see what was never delivered.
-- See server/mail/.

CREATE TABLE mail_outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- What caused the mail (verify_email, password_reset, petition_confirmation, digest, …): for
  -- operators and tests, never shown to the recipient.
  kind            text NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  to_address      text NOT NULL CHECK (length(to_address) BETWEEN 3 AND 254),
  to_name         text NOT NULL DEFAULT '',
  subject         text NOT NULL CHECK (length(subject) BETWEEN 1 AND 998),
  body_text       text NOT NULL,
  created_at      timestamptz NOT NULL,
  -- Set on the first attempt and kept for every retry, so a receiver that got a mail twice (the
  -- server accepted it but we never heard the answer) can tell it is the same message.
  message_id      text UNIQUE,
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  sent_at         timestamptz,
  gave_up_at      timestamptz,
  CHECK (sent_at IS NULL OR gave_up_at IS NULL)
);

-- The sender's question every tick: what is waiting and due?
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)
  WHERE sent_at IS NULL AND gave_up_at IS NULL;
CREATE INDEX mail_outbox_to_address ON mail_outbox (lower(to_address), id DESC);
