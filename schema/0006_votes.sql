-- Ballots: yes/no, single choice, approval, instant run-off and STV, open or secret.
--
-- Secret ballots keep who voted and what was voted in tables that share nothing but the ballot
-- id: no timestamp, no serial, no foreign key between them. Casting writes ballot_participation
-- and ballot_inbox in one transaction; the mixer moves inbox rows into ballot_box in shuffled
-- batches (one transaction, so every box row has the mixer's xmin) and then VACUUMs the inbox.
-- See server/votes/README.md.

CREATE TABLE ballots (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id            bigint NOT NULL REFERENCES groups(id),
  title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description         text NOT NULL DEFAULT '',
  description_html    text NOT NULL DEFAULT '',
  method              text NOT NULL CHECK (method IN ('yes_no', 'single_choice', 'approval', 'irv',
                                                      'scottish_stv', 'meek_stv')),
  seats               integer NOT NULL DEFAULT 1 CHECK (seats >= 1),
  threshold           text CHECK (threshold IN ('simple_majority', 'two_thirds', 'three_quarters')),
  quorum_percent      integer NOT NULL DEFAULT 0 CHECK (quorum_percent BETWEEN 0 AND 100),
  secret              boolean NOT NULL DEFAULT true,
  include_subgroups   boolean NOT NULL DEFAULT false,
  include_supporters  boolean NOT NULL DEFAULT false,
  joined_on_or_before date,
  time_zone           text NOT NULL DEFAULT 'Europe/London',
  manual              boolean NOT NULL DEFAULT false,
  opens_at            timestamptz,
  closes_at           timestamptz,
  status              text NOT NULL DEFAULT 'scheduled'
                        CHECK (status IN ('scheduled', 'open', 'closed', 'cancelled')),
  eligible_count      bigint,
  -- Option numbers in the order ties are broken (drawn from tie_seed when the ballot opens).
  tie_order           integer[],
  tie_seed            numeric(20, 0),
  outcome             text,
  result              jsonb,
  created_by          bigint NOT NULL REFERENCES persons(id),
  created_at          timestamptz NOT NULL,
  opened_at           timestamptz,
  closed_at           timestamptz,
  CHECK (manual OR closes_at IS NOT NULL)
);
CREATE INDEX ballots_group ON ballots (group_id, id DESC);
CREATE INDEX ballots_due_to_open ON ballots (opens_at) WHERE status = 'scheduled' AND NOT manual;
CREATE INDEX ballots_due_to_close ON ballots (closes_at) WHERE status = 'open' AND NOT manual;

CREATE TABLE ballot_options (
  ballot_id   bigint NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  number      integer NOT NULL CHECK (number >= 1),
  label       text NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '',
  withdrawn   boolean NOT NULL DEFAULT false,
  PRIMARY KEY (ballot_id, number)
);

-- The voters, frozen when the ballot opens.
CREATE TABLE ballot_electors (
  ballot_id bigint NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  person_id bigint NOT NULL REFERENCES persons(id),
  PRIMARY KEY (ballot_id, person_id)
);

-- Who voted: nothing else, in particular no time and no sequence.
CREATE TABLE ballot_participation (
  ballot_id bigint NOT NULL,
  person_id bigint NOT NULL,
  PRIMARY KEY (ballot_id, person_id),
  FOREIGN KEY (ballot_id, person_id) REFERENCES ballot_electors (ballot_id, person_id)
    ON DELETE CASCADE
);

-- Secret ballots waiting for the mixer. tracker_hash = SHA-256 of the normalised tracker.
CREATE TABLE ballot_inbox (
  ballot_id    bigint NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  tracker_hash bytea NOT NULL,
  marks        integer[] NOT NULL,
  PRIMARY KEY (ballot_id, tracker_hash)
);

-- Secret ballots after mixing; read only after the close.
CREATE TABLE ballot_box (
  ballot_id    bigint NOT NULL REFERENCES ballots(id) ON DELETE CASCADE,
  tracker_hash bytea NOT NULL,
  marks        integer[] NOT NULL,
  PRIMARY KEY (ballot_id, tracker_hash)
);

-- Open (roll-call) ballots: who voted how is public after the close.
CREATE TABLE roll_call_votes (
  ballot_id    bigint NOT NULL,
  person_id    bigint NOT NULL,
  tracker_hash bytea NOT NULL,
  marks        integer[] NOT NULL,
  PRIMARY KEY (ballot_id, person_id),
  UNIQUE (ballot_id, tracker_hash),
  FOREIGN KEY (ballot_id, person_id) REFERENCES ballot_electors (ballot_id, person_id)
    ON DELETE CASCADE
);
