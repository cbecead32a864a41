-- Campaign stories sent in by members, reviewed by editors and, once accepted, published with a
-- discussion thread. The contact line is for editors only and never leaves the review queue.
-- See server/stories/.

CREATE TABLE stories (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  author_id       bigint NOT NULL REFERENCES persons(id),
  -- Where it happened, when a group fits; optional.
  group_id        bigint REFERENCES groups(id) ON DELETE SET NULL,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
  body_markdown   text NOT NULL CHECK (length(body_markdown) BETWEEN 1 AND 20000),
  body_html       text NOT NULL,
  -- The story without markup, for the excerpt in the public list.
  body_text       text NOT NULL DEFAULT '',
  place           text NOT NULL DEFAULT '' CHECK (length(place) <= 120),
  what_worked     text NOT NULL DEFAULT '' CHECK (length(what_worked) <= 4000),
  what_worked_html text NOT NULL DEFAULT '',
  contact         text NOT NULL DEFAULT '' CHECK (length(contact) <= 200),
  status          text NOT NULL DEFAULT 'submitted'
                  CHECK (status IN ('submitted', 'changes_requested', 'declined', 'published')),
  -- The editor's message when asking for changes, or the reason for declining.
  review_message  text,
  reviewed_by     bigint REFERENCES persons(id),
  reviewed_at     timestamptz,
  published_at    timestamptz,
  thread_id       bigint REFERENCES threads(id),
  submitted_at    timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK ((status = 'published') = (published_at IS NOT NULL AND thread_id IS NOT NULL))
);
CREATE INDEX stories_published ON stories (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX stories_queue ON stories (submitted_at, id)
  WHERE status IN ('submitted', 'changes_requested');
CREATE INDEX stories_author ON stories (author_id, id DESC);

CREATE TABLE story_history (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  story_id  bigint NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  actor_id  bigint REFERENCES persons(id),
  action    text NOT NULL CHECK (action IN ('submitted', 'edited', 'resubmitted',
                                            'changes_requested', 'declined', 'published')),
  note      text NOT NULL DEFAULT ''
);
CREATE INDEX story_history_story ON story_history (story_id, id);

-- People appointed as editors. Site admins and officers or admins of a top-level group are
-- editors by office and are not listed here.
CREATE TABLE story_editors (
  person_id     bigint PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
  appointed_by  bigint REFERENCES persons(id) ON DELETE SET NULL,
  appointed_at  timestamptz NOT NULL
);
