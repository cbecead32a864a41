-- Discussions and moderation: categories with visibility, threaded posts with revisions, thanks,
-- read state, watching and notifications, flags, suspensions and the public moderation log.

CREATE TABLE categories (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id    bigint NOT NULL REFERENCES groups(id),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  description text NOT NULL DEFAULT '',
  visibility  text NOT NULL CHECK (visibility IN ('public', 'supporters', 'members', 'officers')),
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX categories_group_name ON categories (group_id, lower(name));

CREATE TABLE threads (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_id       bigint NOT NULL REFERENCES categories(id),
  author_id         bigint NOT NULL REFERENCES persons(id),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  tags              text[] NOT NULL DEFAULT '{}',
  pinned_at         timestamptz,
  locked_at         timestamptz,
  archived_at       timestamptz,
  slow_mode_seconds integer NOT NULL DEFAULT 0 CHECK (slow_mode_seconds BETWEEN 0 AND 86400),
  created_at        timestamptz NOT NULL DEFAULT now(),
  last_post_at      timestamptz NOT NULL DEFAULT now(),
  post_count        integer NOT NULL DEFAULT 0,
  search            tsvector GENERATED ALWAYS AS (to_tsvector('english', title)) STORED
);
CREATE INDEX threads_category_recent ON threads (category_id, (pinned_at IS NULL), last_post_at DESC, id DESC);
CREATE INDEX threads_search ON threads USING gin (search);

CREATE TABLE posts (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  thread_id      bigint NOT NULL REFERENCES threads(id),
  parent_id      bigint REFERENCES posts(id),
  author_id      bigint NOT NULL REFERENCES persons(id),
  -- Materialised path of zero-padded ids from the thread's first post down to this one: ordering
  -- by it gives the reply tree depth first, and it pages with a plain index range scan.
  tree_path      text NOT NULL,
  depth          integer NOT NULL DEFAULT 0,
  body_source    text NOT NULL,
  body_html      text NOT NULL,
  body_text      text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  edited_at      timestamptz,
  deleted_at     timestamptz,
  hidden_at      timestamptz,
  hidden_reason  text,
  hidden_by      bigint REFERENCES persons(id),
  moderator_note text,
  thanks_count   integer NOT NULL DEFAULT 0,
  search         tsvector GENERATED ALWAYS AS (to_tsvector('english', body_text)) STORED
);
CREATE UNIQUE INDEX posts_thread_path ON posts (thread_id, tree_path);
CREATE INDEX posts_author ON posts (author_id, created_at DESC);
CREATE INDEX posts_search ON posts USING gin (search);

CREATE TABLE post_revisions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id     bigint NOT NULL REFERENCES posts(id),
  editor_id   bigint NOT NULL REFERENCES persons(id),
  body_source text NOT NULL,  -- the text before this edit
  note        text NOT NULL DEFAULT '',
  by_moderator boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_revisions_post ON post_revisions (post_id, id);

CREATE TABLE thanks (
  post_id    bigint NOT NULL REFERENCES posts(id),
  person_id  bigint NOT NULL REFERENCES persons(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (post_id, person_id)
);

CREATE TABLE read_states (
  person_id         bigint NOT NULL REFERENCES persons(id),
  thread_id         bigint NOT NULL REFERENCES threads(id),
  last_read_post_id bigint NOT NULL,
  PRIMARY KEY (person_id, thread_id)
);

CREATE TABLE watches (
  person_id   bigint NOT NULL REFERENCES persons(id),
  thread_id   bigint REFERENCES threads(id),
  category_id bigint REFERENCES categories(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK ((thread_id IS NULL) <> (category_id IS NULL))
);
CREATE UNIQUE INDEX watches_thread ON watches (person_id, thread_id) WHERE thread_id IS NOT NULL;
CREATE UNIQUE INDEX watches_category ON watches (person_id, category_id) WHERE category_id IS NOT NULL;

CREATE TABLE notifications (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES persons(id),
  kind       text NOT NULL CHECK (kind IN ('reply', 'mention', 'watched_thread', 'watched_category',
                                           'post_hidden', 'suspended')),
  actor_id   bigint REFERENCES persons(id),
  thread_id  bigint REFERENCES threads(id),
  post_id    bigint REFERENCES posts(id),
  detail     text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at    timestamptz
);
CREATE INDEX notifications_person ON notifications (person_id, id DESC);
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;

CREATE TABLE flags (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  post_id     bigint NOT NULL REFERENCES posts(id),
  flagger_id  bigint NOT NULL REFERENCES persons(id),
  reason      text NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other')),
  detail      text NOT NULL DEFAULT '',
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz,
  resolved_by bigint REFERENCES persons(id),
  resolution  text CHECK (resolution IN ('dismissed', 'actioned'))
);
CREATE UNIQUE INDEX flags_open_once ON flags (post_id, flagger_id) WHERE resolved_at IS NULL;
CREATE INDEX flags_open ON flags (post_id) WHERE resolved_at IS NULL;

CREATE TABLE suspensions (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id    bigint NOT NULL REFERENCES groups(id),
  person_id   bigint NOT NULL REFERENCES persons(id),
  reason      text NOT NULL,
  starts_at   timestamptz NOT NULL DEFAULT now(),
  ends_at     timestamptz NOT NULL,
  created_by  bigint NOT NULL REFERENCES persons(id),
  lifted_at   timestamptz,
  lifted_by   bigint REFERENCES persons(id)
);
CREATE INDEX suspensions_person ON suspensions (person_id, group_id);

-- What moderators did, readable by the group's members. Append-only: nobody may edit or delete it.
CREATE TABLE moderation_log (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id     bigint NOT NULL REFERENCES groups(id),
  moderator_id bigint NOT NULL REFERENCES persons(id),
  action       text NOT NULL,
  target_kind  text NOT NULL CHECK (target_kind IN ('post', 'thread', 'person', 'flag')),
  target_id    bigint NOT NULL,
  reason       text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX moderation_log_group ON moderation_log (group_id, id DESC);

CREATE FUNCTION moderation_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the moderation log cannot be changed or deleted';
END $$;
CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON moderation_log
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_log_is_append_only();
