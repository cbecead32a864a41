-- Proposals: drafted by a member, supported by members until they qualify, amended, and decided
-- by a ballot (votes, 0006) or a meeting. Every change of state is kept in proposal_history.

-- A group's support threshold. No row, or both NULL: the default share (rules.hpp).
CREATE TABLE proposal_settings (
  group_id        bigint PRIMARY KEY REFERENCES groups(id),
  support_count   integer CHECK (support_count BETWEEN 1 AND 1000000),
  support_percent integer CHECK (support_percent BETWEEN 1 AND 100),
  updated_by      bigint REFERENCES persons(id),
  updated_at      timestamptz NOT NULL
);

CREATE TABLE proposals (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  group_id      bigint NOT NULL REFERENCES groups(id),
  author_id     bigint NOT NULL REFERENCES persons(id),
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  -- The current text: accepted amendments are applied to it as they are decided.
  body          text NOT NULL,
  body_html     text NOT NULL,
  decision      text NOT NULL CHECK (length(decision) BETWEEN 1 AND 2000),
  state         text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'gathering_support',
                  'qualified', 'scheduled', 'voting', 'passed', 'rejected', 'no_quorum',
                  'withdrawn')),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  published_at  timestamptz,
  thread_id     bigint REFERENCES threads(id),
  -- The main question's ballot; amendments have their own.
  ballot_id     bigint UNIQUE REFERENCES ballots(id),
  schedule_mode text CHECK (schedule_mode IN ('ballot', 'meeting')),
  schedule_note text NOT NULL DEFAULT '',
  outcome_text  text,
  outcome_html  text,
  outcome_by    bigint REFERENCES persons(id),
  outcome_at    timestamptz,
  CHECK ((outcome_text IS NULL) = (outcome_at IS NULL))
);
CREATE INDEX proposals_group ON proposals (group_id, state, id DESC);

CREATE TABLE proposal_supports (
  proposal_id bigint NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
  person_id   bigint NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (proposal_id, person_id)
);

CREATE TABLE amendments (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_id bigint NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
  -- "Amendment 2 to: …": numbered within the proposal, in the order they were made.
  number      integer NOT NULL CHECK (number >= 1),
  author_id   bigint NOT NULL REFERENCES persons(id),
  -- The proposal's text when the amendment was made: the diff is base_body → body, and an
  -- accepted amendment is merged onto the text as it is by then.
  base_body   text NOT NULL,
  body        text NOT NULL,
  rationale   text NOT NULL DEFAULT '',
  state       text NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'voting', 'accepted',
                'rejected', 'withdrawn')),
  ballot_id   bigint UNIQUE REFERENCES ballots(id),
  created_at  timestamptz NOT NULL,
  decided_at  timestamptz,
  UNIQUE (proposal_id, number)
);

CREATE TABLE proposal_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  proposal_id bigint NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
  from_state  text,
  to_state    text NOT NULL,
  -- NULL: the system (a ballot opened, closed or was cancelled).
  by_person   bigint REFERENCES persons(id),
  at          timestamptz NOT NULL,
  note        text NOT NULL DEFAULT ''
);
CREATE INDEX proposal_history_proposal ON proposal_history (proposal_id, id);
