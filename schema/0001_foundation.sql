-- Foundation: people, sessions, one-time tokens, rate limits, groups, memberships, live events.

CREATE EXTENSION IF NOT EXISTS citext;

CREATE TABLE persons (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email                 citext NOT NULL UNIQUE,
  display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  -- NULL for people added by an officer or an import who have not chosen a password yet.
  password_hash         text,
  email_verified_at     timestamptz,
  site_admin            boolean NOT NULL DEFAULT false,
  hidden_from_directory boolean NOT NULL DEFAULT false,
  created_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id     bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  -- SHA-256 of the cookie token: a stolen database does not yield usable sessions.
  token_hash    text NOT NULL UNIQUE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  idle_expires_at     timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at    timestamptz,
  user_agent    text NOT NULL DEFAULT '',
  ip_address    text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id) WHERE revoked_at IS NULL;

CREATE TABLE account_tokens (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id   bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX account_tokens_person ON account_tokens (person_id, purpose);

-- Fixed-window counters shared by every server process.
CREATE TABLE rate_limits (
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  hits          integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, window_start)
);

CREATE TABLE groups (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind        text NOT NULL CHECK (kind IN ('national', 'region', 'constituency', 'branch',
                                            'workplace', 'union', 'community')),
  parent_id   bigint REFERENCES groups(id),
  description text NOT NULL DEFAULT '',
  time_zone   text NOT NULL DEFAULT 'Europe/London',
  archived_at timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX groups_parent ON groups (parent_id);
-- Sibling groups have distinct names, so imports can name a group unambiguously.
CREATE UNIQUE INDEX groups_sibling_name ON groups (coalesce(parent_id, 0), lower(name));

CREATE TABLE memberships (
  person_id  bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  group_id   bigint NOT NULL REFERENCES groups(id),
  role       text NOT NULL CHECK (role IN ('supporter', 'member', 'moderator', 'officer', 'admin')),
  status     text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lapsed', 'left')),
  -- Vote eligibility is frozen by this date in later issues: it is when they joined, not when
  -- the row was written (an import may back-date it).
  joined_at  date NOT NULL DEFAULT current_date,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (person_id, group_id)
);
CREATE INDEX memberships_group ON memberships (group_id, role);

-- Live events: written in the transaction that made the change, announced by pg_notify with the
-- id, read back by every server process, replayed to clients that reconnect.
CREATE TABLE events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  room        text NOT NULL,
  kind        text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX events_room ON events (room, id);
