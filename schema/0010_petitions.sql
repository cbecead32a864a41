-- Petitions of a group, and their signatures. A signature is personal data of someone who may
-- have no account: it is kept only while it stands (withdrawal deletes the row) and its tokens
-- are stored as SHA-256 hashes. See server/petitions/.

CREATE TABLE petitions (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id        bigint NOT NULL REFERENCES groups(id),
  slug            text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 80),
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  statement       text NOT NULL,
  statement_html  text NOT NULL,
  target          text NOT NULL CHECK (length(target) BETWEEN 1 AND 200),
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_by      bigint NOT NULL REFERENCES persons(id),
  created_at      timestamptz NOT NULL,
  closes_at       timestamptz,
  closed_at       timestamptz
);
CREATE INDEX petitions_group ON petitions (group_id, created_at DESC);

CREATE TABLE petition_signatures (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id          bigint NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  email                text NOT NULL CHECK (email = lower(email)),
  postcode             text NOT NULL,
  -- The outward part of the postcode, upper-cased, for the breakdown by area.
  postcode_area        text NOT NULL,
  group_id             bigint REFERENCES groups(id) ON DELETE SET NULL,
  hide_name            boolean NOT NULL,
  keep_updated         boolean NOT NULL,
  -- When consent to updates was given, or withdrawn (whichever happened last).
  keep_updated_at      timestamptz NOT NULL,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed')),
  confirm_token_hash   text NOT NULL UNIQUE,
  withdraw_token_hash  text NOT NULL UNIQUE,
  -- Behind the "stop sending me updates" link: withdraws consent only.
  updates_token_hash   text NOT NULL UNIQUE,
  created_at           timestamptz NOT NULL,
  confirmed_at         timestamptz,
  UNIQUE (petition_id, email),
  CHECK ((status = 'confirmed') = (confirmed_at IS NOT NULL))
);
CREATE INDEX petition_signatures_public ON petition_signatures (petition_id, id DESC)
  WHERE status = 'confirmed' AND NOT hide_name;
