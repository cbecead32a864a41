-- Meetings of a group: scheduling, responses, the agenda (with members' suggestions), attendance,
-- the live speakers list, votes in the room (ballots of the votes module, 0006), minutes, and the
-- calendar tokens behind the iCalendar feeds. See server/meetings/.

-- A ballot may name its voters instead of deriving them from memberships: a meeting's vote is
-- open to exactly the members checked in when it opened. The list is copied into
-- ballot_electors when the ballot opens, like the rule's.
ALTER TABLE ballots
  ADD COLUMN elector_list bigint[],
  -- Who the named voters are, for the eligibility explanation ("members checked in to …").
  ADD COLUMN elector_list_is text,
  ADD CHECK ((elector_list IS NULL) = (elector_list_is IS NULL));

CREATE TABLE meetings (
  id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id               bigint NOT NULL REFERENCES groups(id),
  title                  text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description            text NOT NULL DEFAULT '',
  description_html       text NOT NULL DEFAULT '',
  starts_at              timestamptz NOT NULL,
  ends_at                timestamptz NOT NULL,
  time_zone              text NOT NULL,
  place                  text NOT NULL DEFAULT '',
  online_url             text NOT NULL DEFAULT '' CHECK (online_url = '' OR online_url LIKE 'https://%'),
  observers_allowed      boolean NOT NULL DEFAULT false,
  quorum_count           integer CHECK (quorum_count >= 0),
  quorum_percent         integer CHECK (quorum_percent BETWEEN 0 AND 100),
  agenda_notice_hours    integer NOT NULL DEFAULT 72 CHECK (agenda_notice_hours >= 0),
  first_time_first       boolean NOT NULL DEFAULT false,
  speaking_limit_seconds integer CHECK (speaking_limit_seconds > 0),
  status                 text NOT NULL DEFAULT 'scheduled'
                           CHECK (status IN ('scheduled', 'live', 'ended', 'cancelled')),
  cancel_reason          text NOT NULL DEFAULT '',
  -- iCalendar SEQUENCE: grows with every change of time, place or status.
  sequence               integer NOT NULL DEFAULT 0,
  agenda_published_at    timestamptz,
  -- Shown in the room; members type it to check themselves in.
  check_in_code          text NOT NULL CHECK (check_in_code ~ '^[0-9]{6}$'),
  current_item_id        bigint,
  created_by             bigint NOT NULL REFERENCES persons(id),
  created_at             timestamptz NOT NULL,
  updated_at             timestamptz NOT NULL,
  started_at             timestamptz,
  ended_at               timestamptz,
  CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_group ON meetings (group_id, starts_at);
CREATE INDEX meetings_agenda_due ON meetings (starts_at)
  WHERE status = 'scheduled' AND agenda_published_at IS NULL;

CREATE TABLE meeting_responses (
  meeting_id bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  person_id  bigint NOT NULL REFERENCES persons(id),
  response   text NOT NULL CHECK (response IN ('yes', 'no', 'maybe')),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE agenda_items (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  meeting_id                bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  -- Among the accepted items, from 1; suggestions keep 0 until accepted.
  position                  integer NOT NULL DEFAULT 0 CHECK (position >= 0),
  kind                      text NOT NULL
                              CHECK (kind IN ('information', 'discussion', 'decision', 'election')),
  title                     text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  minutes_allowed           integer CHECK (minutes_allowed BETWEEN 1 AND 1440),
  presenter_id              bigint REFERENCES persons(id),
  papers                    text NOT NULL DEFAULT '',
  papers_html               text NOT NULL DEFAULT '',
  proposal_id               bigint REFERENCES proposals(id),
  ballot_id                 bigint REFERENCES ballots(id),
  approves_minutes_of       bigint REFERENCES meetings(id),
  notes                     text NOT NULL DEFAULT '',
  notes_html                text NOT NULL DEFAULT '',
  -- 'removed': taken off an agenda after it was published, kept so the change stays visible.
  state                     text NOT NULL DEFAULT 'accepted'
                              CHECK (state IN ('suggested', 'declined', 'accepted', 'removed')),
  decline_reason            text NOT NULL DEFAULT '',
  suggested_by              bigint REFERENCES persons(id),
  changed_after_publication boolean NOT NULL DEFAULT false,
  started_at                timestamptz,
  ended_at                  timestamptz,
  created_at                timestamptz NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (meeting_id, state, position);
CREATE UNIQUE INDEX agenda_items_ballot ON agenda_items (ballot_id);

ALTER TABLE meetings ADD FOREIGN KEY (current_item_id) REFERENCES agenda_items(id);

CREATE TABLE meeting_attendance (
  meeting_id    bigint NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
  person_id     bigint NOT NULL REFERENCES persons(id),
  mode          text NOT NULL CHECK (mode IN ('room', 'online')),
  observer      boolean NOT NULL DEFAULT false,
  checked_in_at timestamptz NOT NULL,
  -- The officer who checked them in; NULL when they checked themselves in.
  checked_in_by bigint REFERENCES persons(id),
  PRIMARY KEY (meeting_id, person_id)
);

CREATE TABLE agenda_speakers (
  -- Also the order of requests.
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id      bigint NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
  person_id    bigint NOT NULL REFERENCES persons(id),
  kind         text NOT NULL CHECK (kind IN ('speak', 'point_of_order')),
  state        text NOT NULL DEFAULT 'waiting'
                 CHECK (state IN ('waiting', 'speaking', 'done', 'withdrawn')),
  requested_at timestamptz NOT NULL,
  started_at   timestamptz,
  ended_at     timestamptz
);
CREATE INDEX agenda_speakers_item ON agenda_speakers (item_id, id);
-- One open request of each kind per person and item, and one speaker at a time.
CREATE UNIQUE INDEX agenda_speakers_one_request ON agenda_speakers (item_id, person_id, kind)
  WHERE state = 'waiting';
CREATE UNIQUE INDEX agenda_speakers_one_speaking ON agenda_speakers (item_id)
  WHERE state = 'speaking';

CREATE TABLE meeting_minutes (
  meeting_id          bigint PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  body                text NOT NULL,
  body_html           text NOT NULL,
  status              text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  updated_by          bigint NOT NULL REFERENCES persons(id),
  updated_at          timestamptz NOT NULL,
  approved_at         timestamptz,
  -- The later meeting whose vote approved them.
  approved_at_meeting bigint REFERENCES meetings(id),
  CHECK ((status = 'published') = (approved_at IS NOT NULL))
);

-- Calendar clients cannot send cookies: each person's feeds are read with a random token. It is
-- kept as it is (not hashed) because the page shows the feed's address again; resetting it is
-- the way to revoke a leaked one.
CREATE TABLE calendar_tokens (
  person_id  bigint PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
  token      text NOT NULL UNIQUE CHECK (length(token) >= 32),
  created_at timestamptz NOT NULL
);
