-- Offers to volunteer. Anyone may offer (signed-out people confirm their address first); an offer
-- goes to the officers of the groups where the person lives and works, who must acknowledge it
-- and record what followed. An offer nobody acknowledges climbs to the parent groups, one
-- escalation period at a time. See server/offers/.

CREATE TABLE volunteer_skills (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name      text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 80),
  position  integer NOT NULL
);

INSERT INTO volunteer_skills (name, position) VALUES
  ('Canvassing and door-knocking', 1),
  ('Phone banking', 2),
  ('Leafleting', 3),
  ('Social media', 4),
  ('Writing', 5),
  ('Design', 6),
  ('Photography and video', 7),
  ('Data and spreadsheets', 8),
  ('IT and websites', 9),
  ('Organising events', 10),
  ('Fundraising', 11),
  ('Translation (say which languages below)', 12),
  ('Driving', 13),
  ('Legal knowledge', 14),
  ('Finance and bookkeeping', 15),
  ('Childcare at events', 16),
  ('Training and mentoring', 17),
  ('Research', 18);

CREATE TABLE volunteer_offers (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Set when the person offered signed in; signed-out offers stand on the email alone.
  person_id            bigint REFERENCES persons(id) ON DELETE SET NULL,
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  email                citext NOT NULL,
  phone                text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  other_skills         text NOT NULL DEFAULT '' CHECK (length(other_skills) <= 1000),
  availability         text NOT NULL DEFAULT '' CHECK (length(availability) <= 500),
  lives_in_group_id    bigint REFERENCES groups(id),
  works_in_group_id    bigint REFERENCES groups(id),
  where_text           text NOT NULL DEFAULT '' CHECK (length(where_text) <= 200),
  status               text NOT NULL CHECK (status IN ('awaiting_confirmation', 'waiting',
                                                       'acknowledged', 'answered')),
  created_at           timestamptz NOT NULL,
  confirmed_at         timestamptz,
  routed_at            timestamptz,
  -- When the next escalation is due; NULL once answered, or when there is no group left above.
  due_at               timestamptz,
  -- The first time the offer was found waiting past its due time: it stays overdue until answered.
  overdue_since        timestamptz,
  acknowledged_at      timestamptz,
  acknowledged_by      bigint REFERENCES persons(id) ON DELETE SET NULL,
  escalated_at         timestamptz,
  escalation_level     integer NOT NULL DEFAULT 0,
  outcome              text CHECK (outcome IN ('contacted', 'matched', 'not_now')),
  outcome_note         text NOT NULL DEFAULT '',
  outcome_at           timestamptz,
  outcome_by           bigint REFERENCES persons(id) ON DELETE SET NULL,
  -- SHA-256 of the tokens mailed to a signed-out offerer: confirm the address, see the status.
  confirm_token_hash   text UNIQUE,
  status_token_hash    text UNIQUE,
  CHECK ((status = 'awaiting_confirmation') = (routed_at IS NULL)),
  CHECK ((status IN ('acknowledged', 'answered')) = (acknowledged_at IS NOT NULL)),
  CHECK ((status = 'answered') = (outcome IS NOT NULL))
);
-- The ticker's question every second: which waiting offers are past their time?
CREATE INDEX volunteer_offers_due ON volunteer_offers (due_at) WHERE status = 'waiting';
CREATE INDEX volunteer_offers_person ON volunteer_offers (person_id, id DESC);

CREATE TABLE volunteer_offer_skills (
  offer_id  bigint NOT NULL REFERENCES volunteer_offers(id) ON DELETE CASCADE,
  skill_id  bigint NOT NULL REFERENCES volunteer_skills(id),
  PRIMARY KEY (offer_id, skill_id)
);

-- Which groups' officers were told: the matching groups at level 0, parents on each escalation.
CREATE TABLE offer_recipients (
  offer_id  bigint NOT NULL REFERENCES volunteer_offers(id) ON DELETE CASCADE,
  group_id  bigint NOT NULL REFERENCES groups(id),
  level     integer NOT NULL CHECK (level >= 0),
  added_at  timestamptz NOT NULL,
  PRIMARY KEY (offer_id, group_id)
);
CREATE INDEX offer_recipients_group ON offer_recipients (group_id);

CREATE TABLE offer_history (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  offer_id  bigint NOT NULL REFERENCES volunteer_offers(id) ON DELETE CASCADE,
  at        timestamptz NOT NULL,
  actor_id  bigint REFERENCES persons(id) ON DELETE SET NULL,
  action    text NOT NULL CHECK (action IN ('offered', 'confirmed', 'routed', 'escalated',
                                            'acknowledged', 'contacted', 'matched', 'not_now')),
  note      text NOT NULL DEFAULT ''
);
CREATE INDEX offer_history_offer ON offer_history (offer_id, id);
