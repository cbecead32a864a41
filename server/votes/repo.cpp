#include "votes/repo.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "db/arrays.hpp"

namespace plenary::votes::repo {
namespace {

// UTC, so every reader gets the same text whatever the session's time zone.
#define UTC(column) "to_char(" column " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
// The ballot's own time zone, for sentences such as "Voting closed at 18:00 on 21 Nov 2026".
#define LOCAL(column) "to_char(" column " AT TIME ZONE b.time_zone, 'HH24:MI \"on\" FMDD Mon YYYY')"

#define BALLOT_COLUMNS_WITH_TURNOUT(turnout) \
  "b.id, b.group_id, g.name, b.title, b.description, b.description_html, b.method, b.seats, " \
  "b.threshold, b.quorum_percent, b.secret, b.include_subgroups, b.include_supporters, "      \
  "b.joined_on_or_before::text, b.time_zone, b.manual, " UTC("b.opens_at") ", "              \
  UTC("b.closes_at") ", " LOCAL("b.opens_at") ", " LOCAL("b.closes_at") ", b.status, "       \
  "b.eligible_count, array_to_string(b.tie_order, ','), b.created_by, p.display_name, "       \
  UTC("b.created_at") ", " UTC("b.opened_at") ", " UTC("b.closed_at") ", b.result::text, "   \
  turnout ", b.elector_list_is"
#define BALLOT_COLUMNS         \
  BALLOT_COLUMNS_WITH_TURNOUT( \
      "(SELECT count(*) FROM ballot_participation bp WHERE bp.ballot_id = b.id)")

#define BALLOT_FROM \
  " FROM ballots b JOIN groups g ON g.id = b.group_id JOIN persons p ON p.id = b.created_by "

// The group, and when asked its sub-groups: the scope of a ballot's eligibility.
#define SCOPE(group, include_subgroups)                                         \
  "scope(id, depth) AS (SELECT " group                                          \
  "::bigint, 0 UNION ALL SELECT g2.id, s.depth + 1 "                            \
  "FROM groups g2 JOIN scope s ON g2.parent_id = s.id WHERE " include_subgroups \
  " AND s.depth < 1000)"

constexpr std::int64_t mixing_lock_space = 0x766f7465;   // "vote"
constexpr std::int64_t turnout_lock_space = 0x7475726e;  // "turn"

const db::Statement select_group{
    "votes.select_group",
    "SELECT id, name, time_zone, archived_at IS NOT NULL FROM groups WHERE id = $1"};
const db::Statement select_time_zone_known{
    "votes.select_time_zone_known",
    "SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)"};

const db::Statement insert_ballot_row{
    "votes.insert_ballot",
    "INSERT INTO ballots (group_id, title, description, description_html, method, seats, "
    "threshold, quorum_percent, secret, include_subgroups, include_supporters, "
    "joined_on_or_before, time_zone, manual, opens_at, closes_at, created_by, created_at, "
    "elector_list, elector_list_is) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::date, $13, $14, "
    "$15::timestamptz, $16::timestamptz, $17, $18::timestamptz, $19::bigint[], $20) RETURNING id"};
const db::Statement insert_option_row{
    "votes.insert_option",
    "INSERT INTO ballot_options (ballot_id, number, label, description) VALUES ($1, $2, $3, $4)"};
const db::Statement select_options{"votes.select_options",
                                   "SELECT number, label, description, withdrawn "
                                   "FROM ballot_options WHERE ballot_id = $1 ORDER BY number"};

const db::Statement select_ballot{"votes.select_ballot",
                                  "SELECT " BALLOT_COLUMNS BALLOT_FROM "WHERE b.id = $1"};
const db::Statement select_ballot_share{"votes.select_ballot_share",
                                        "SELECT " BALLOT_COLUMNS BALLOT_FROM
                                        "WHERE b.id = $1 FOR SHARE OF b"};
const db::Statement select_ballot_update{"votes.select_ballot_update",
                                         "SELECT " BALLOT_COLUMNS BALLOT_FROM
                                         "WHERE b.id = $1 FOR UPDATE OF b"};
const db::Statement select_ballot_update_skip{"votes.select_ballot_update_skip",
                                              "SELECT " BALLOT_COLUMNS BALLOT_FROM
                                              "WHERE b.id = $1 FOR UPDATE OF b SKIP LOCKED"};
// For a cast, in one round trip: the ballot held shared (see Lock), its options (as JSON) and
// whether the caster is on its frozen list. Without the turnout: a cast does not report it, and
// counting the participation on every cast made each cast of a storm slower than the last.
const db::Statement select_ballot_share_with_elector{
    "votes.select_ballot_share_with_elector",
    "SELECT " BALLOT_COLUMNS_WITH_TURNOUT(
        "0::bigint") ", (SELECT coalesce(json_agg(json_build_array(o.number, o.label, "
                     "o.description, o.withdrawn) ORDER BY o.number), '[]')::text "
                     "FROM ballot_options o WHERE o.ballot_id = b.id), "
                     "EXISTS (SELECT 1 FROM ballot_electors e WHERE e.ballot_id = b.id "
                     "AND e.person_id = $2) " BALLOT_FROM "WHERE b.id = $1 FOR SHARE OF b"};
const db::Statement select_group_ballots{"votes.select_group_ballots",
                                         "SELECT " BALLOT_COLUMNS BALLOT_FROM
                                         "WHERE b.group_id = $1 ORDER BY b.id DESC LIMIT 200"};

const db::Statement insert_electors{
    "votes.insert_electors",
    "WITH RECURSIVE b AS (SELECT * FROM ballots WHERE id = $1), " SCOPE(
        "(SELECT group_id FROM b)", "(SELECT include_subgroups FROM b)") " "
    "INSERT INTO ballot_electors (ballot_id, person_id) "
    "SELECT DISTINCT $1::bigint, m.person_id FROM memberships m JOIN scope ON m.group_id = scope.id "
    "CROSS JOIN b WHERE m.status = 'active' AND b.elector_list IS NULL "
    "AND (m.role <> 'supporter' OR b.include_supporters) "
    "AND (b.joined_on_or_before IS NULL OR m.joined_at <= b.joined_on_or_before) "
    "ON CONFLICT DO NOTHING"};
// Voters named by another module (a meeting's checked-in members) instead of by the rule.
const db::Statement insert_listed_electors{
    "votes.insert_listed_electors",
    "INSERT INTO ballot_electors (ballot_id, person_id) "
    "SELECT DISTINCT b.id, listed.person_id FROM ballots b "
    "CROSS JOIN unnest(b.elector_list) AS listed(person_id) "
    "JOIN persons p ON p.id = listed.person_id WHERE b.id = $1 ON CONFLICT DO NOTHING"};
const db::Statement update_open{
    "votes.update_open",
    "UPDATE ballots SET status = 'open', eligible_count = $2, tie_order = $3::integer[], "
    "tie_seed = $4::numeric, opened_at = $5::timestamptz, "
    "opens_at = CASE WHEN manual THEN opens_at ELSE least(opens_at, $5::timestamptz) END "
    "WHERE id = $1"};
const db::Statement update_closed{"votes.update_closed",
                                  "UPDATE ballots SET status = 'closed', outcome = $2, "
                                  "result = $3::jsonb, closed_at = $4::timestamptz WHERE id = $1"};
const db::Statement update_cancelled{
    "votes.update_cancelled",
    "UPDATE ballots SET status = 'cancelled', closed_at = $2::timestamptz WHERE id = $1"};

const db::Statement select_due_to_open{
    "votes.select_due_to_open",
    "SELECT id FROM ballots WHERE status = 'scheduled' AND NOT manual "
    "AND opens_at <= $1::timestamptz ORDER BY opens_at LIMIT 50"};
const db::Statement select_due_to_close{
    "votes.select_due_to_close",
    "SELECT id FROM ballots WHERE status = 'open' AND NOT manual "
    "AND closes_at <= $1::timestamptz ORDER BY closes_at LIMIT 50"};
const db::Statement select_inboxes_waiting{
    "votes.select_inboxes_waiting",
    "SELECT i.ballot_id FROM ballot_inbox i JOIN ballots b ON b.id = i.ballot_id "
    "WHERE b.status = 'open' GROUP BY i.ballot_id HAVING count(*) >= $1 LIMIT 50"};

const db::Statement select_scope_memberships{
    "votes.select_scope_memberships",
    "WITH RECURSIVE " SCOPE("$1", "$2::boolean") " "
    "SELECT g.name, m.role, m.status, m.joined_at::text FROM scope "
    "JOIN memberships m ON m.group_id = scope.id AND m.person_id = $3 "
    "JOIN groups g ON g.id = scope.id ORDER BY scope.depth, g.id"};
const db::Statement select_is_elector{
    "votes.select_is_elector",
    "SELECT EXISTS (SELECT 1 FROM ballot_electors WHERE ballot_id = $1 AND person_id = $2)"};
const db::Statement select_has_voted{
    "votes.select_has_voted",
    "SELECT EXISTS (SELECT 1 FROM ballot_participation WHERE ballot_id = $1 AND person_id = $2)"};
const db::Statement insert_participation_row{
    "votes.insert_participation",
    "INSERT INTO ballot_participation (ballot_id, person_id) VALUES ($1, $2) "
    "ON CONFLICT DO NOTHING"};

// The last announced turnout is read from the room's events (index events_room), so no process
// needs to remember it and a restart announces nothing twice.
const db::Statement select_turnout_changes{
    "votes.select_turnout_changes",
    "SELECT b.id, p.cast_count FROM ballots b "
    "CROSS JOIN LATERAL (SELECT count(*) AS cast_count FROM ballot_participation "
    "                    WHERE ballot_id = b.id) p "
    "WHERE b.status = 'open' AND p.cast_count <> coalesce(("
    "  SELECT (e.payload->>'ballots_cast')::bigint FROM events e "
    "  WHERE e.room = 'ballot:' || b.id AND e.kind = 'ballot.turnout' "
    "  ORDER BY e.id DESC LIMIT 1), 0) "
    "ORDER BY b.id LIMIT 200"};
const db::Statement select_try_turnout_lock{"votes.select_try_turnout_lock",
                                            "SELECT pg_try_advisory_xact_lock($1::integer, 0)"};

// A secret cast in one statement: who voted, and (only if that was new) the marks, unless the
// tracker is already in the inbox or the box. The caller rolls back a participation whose marks
// were not stored.
const db::Statement insert_secret_cast_rows{
    "votes.insert_secret_cast",
    "WITH voted AS (INSERT INTO ballot_participation (ballot_id, person_id) VALUES ($1, $2) "
    "  ON CONFLICT DO NOTHING RETURNING 1), "
    "stored AS (INSERT INTO ballot_inbox (ballot_id, tracker_hash, marks) "
    "  SELECT $1, decode($3, 'hex'), $4::integer[] WHERE EXISTS (SELECT 1 FROM voted) "
    "  AND NOT EXISTS (SELECT 1 FROM ballot_box WHERE ballot_id = $1 "
    "                  AND tracker_hash = decode($3, 'hex')) "
    "  ON CONFLICT DO NOTHING RETURNING 1) "
    "SELECT EXISTS (SELECT 1 FROM voted), EXISTS (SELECT 1 FROM stored)"};
const db::Statement select_secret_marks{
    "votes.select_secret_marks",
    "SELECT array_to_string(marks, ',') FROM ballot_inbox "
    "WHERE ballot_id = $1 AND tracker_hash = decode($2, 'hex') "
    "UNION ALL SELECT array_to_string(marks, ',') FROM ballot_box "
    "WHERE ballot_id = $1 AND tracker_hash = decode($2, 'hex')"};
const db::Statement update_inbox_marks{"votes.update_inbox_marks",
                                       "UPDATE ballot_inbox SET marks = $3::integer[] "
                                       "WHERE ballot_id = $1 AND tracker_hash = decode($2, 'hex')"};
const db::Statement update_box_marks{"votes.update_box_marks",
                                     "UPDATE ballot_box SET marks = $3::integer[] "
                                     "WHERE ballot_id = $1 AND tracker_hash = decode($2, 'hex')"};

const db::Statement select_try_mixing_lock{
    "votes.select_try_mixing_lock",
    "SELECT pg_try_advisory_xact_lock($1::integer, ($2 % 2147483647)::integer)"};
const db::Statement select_mixing_lock{
    "votes.select_mixing_lock",
    "SELECT pg_advisory_xact_lock($1::integer, ($2 % 2147483647)::integer)"};
const db::Statement select_inbox_count{"votes.select_inbox_count",
                                       "SELECT count(*) FROM ballot_inbox WHERE ballot_id = $1"};
const db::Statement delete_inbox{"votes.delete_inbox",
                                 "DELETE FROM ballot_inbox WHERE ballot_id = $1 "
                                 "RETURNING encode(tracker_hash, 'hex'), "
                                 "array_to_string(marks, ',')"};
const db::Statement delete_box{"votes.delete_box", "DELETE FROM ballot_box WHERE ballot_id = $1"};
// WITH ORDINALITY … ORDER BY keeps the caller's (shuffled) order as the insertion order.
const db::Statement insert_box_rows{
    "votes.insert_box",
    "INSERT INTO ballot_box (ballot_id, tracker_hash, marks) "
    "SELECT $1, decode(t.hash, 'hex'), t.marks::integer[] "
    "FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(hash, marks, position) "
    "ORDER BY t.position"};

const db::Statement insert_roll_call_row{
    "votes.insert_roll_call",
    "INSERT INTO roll_call_votes (ballot_id, person_id, tracker_hash, marks) "
    "VALUES ($1, $2, decode($3, 'hex'), $4::integer[]) ON CONFLICT DO NOTHING"};
const db::Statement select_roll_call_of{
    "votes.select_roll_call_of",
    "SELECT encode(tracker_hash, 'hex'), array_to_string(marks, ',') FROM roll_call_votes "
    "WHERE ballot_id = $1 AND person_id = $2"};
const db::Statement update_roll_call_marks{
    "votes.update_roll_call",
    "UPDATE roll_call_votes SET marks = $3::integer[] WHERE ballot_id = $1 AND person_id = $2"};
const db::Statement select_roll_call{
    "votes.select_roll_call",
    "SELECT r.person_id, p.display_name, array_to_string(r.marks, ',') FROM roll_call_votes r "
    "JOIN persons p ON p.id = r.person_id WHERE r.ballot_id = $1 "
    "ORDER BY lower(p.display_name), p.id"};

const db::Statement select_counted_marks{
    "votes.select_counted_marks",
    "SELECT array_to_string(marks, ',') FROM ballot_box WHERE ballot_id = $1 "
    "UNION ALL SELECT array_to_string(marks, ',') FROM roll_call_votes WHERE ballot_id = $1"};
const db::Statement select_counted_trackers{
    "votes.select_counted_trackers",
    "SELECT encode(h, 'hex') FROM (SELECT tracker_hash AS h FROM ballot_box WHERE ballot_id = $1 "
    "UNION ALL SELECT tracker_hash FROM roll_call_votes WHERE ballot_id = $1) t ORDER BY 1"};
const db::Statement select_tracker_counted{
    "votes.select_tracker_counted",
    "SELECT EXISTS (SELECT 1 FROM ballot_box WHERE ballot_id = $1 "
    "AND tracker_hash = decode($2, 'hex')) OR EXISTS (SELECT 1 FROM roll_call_votes "
    "WHERE ballot_id = $1 AND tracker_hash = decode($2, 'hex'))"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

Marks marks_from(const pqxx::field& field) {
  Marks marks;
  if (field.is_null())
    return marks;
  const auto text = field.as<std::string>();
  std::size_t start = 0;
  while (start < text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos)
      comma = text.size();
    int value = 0;
    std::from_chars(text.data() + start, text.data() + comma, value);
    marks.push_back(value);
    start = comma + 1;
  }
  return marks;
}

std::string marks_literal(const Marks& marks) {
  std::vector<std::int64_t> values(marks.begin(), marks.end());
  return db::array_literal(values);
}

Ballot ballot_from(const pqxx::row& row) {
  Ballot ballot;
  ballot.id = row[0].as<std::int64_t>();
  ballot.group_id = row[1].as<std::int64_t>();
  ballot.group_name = row[2].as<std::string>();
  ballot.title = row[3].as<std::string>();
  ballot.description = row[4].as<std::string>();
  ballot.description_html = row[5].as<std::string>();
  ballot.method = parse_method(row[6].as<std::string>()).value_or(VoteMethod::yes_no);
  ballot.seats = row[7].as<int>();
  if (!row[8].is_null())
    ballot.threshold = parse_threshold(row[8].as<std::string>());
  ballot.quorum_percent = row[9].as<int>();
  ballot.secret = row[10].as<bool>();
  ballot.eligibility = {row[11].as<bool>(), row[12].as<bool>(), optional_text(row[13])};
  ballot.time_zone = row[14].as<std::string>();
  ballot.manual = row[15].as<bool>();
  ballot.opens_at = optional_text(row[16]);
  ballot.closes_at = optional_text(row[17]);
  ballot.opens_local = optional_text(row[18]);
  ballot.closes_local = optional_text(row[19]);
  ballot.status = parse_status(row[20].as<std::string>()).value_or(BallotStatus::scheduled);
  if (!row[21].is_null())
    ballot.eligible_count = row[21].as<std::int64_t>();
  ballot.tie_order = marks_from(row[22]);
  ballot.created_by = {row[23].as<std::int64_t>(), row[24].as<std::string>()};
  ballot.created_at = row[25].as<std::string>();
  ballot.opened_at = optional_text(row[26]);
  ballot.closed_at = optional_text(row[27]);
  if (!row[28].is_null())
    ballot.result = nlohmann::json::parse(row[28].as<std::string>());
  ballot.ballots_cast = row[29].as<std::int64_t>();
  ballot.eligibility.named_list = optional_text(row[30]);
  return ballot;
}

std::vector<BallotOption> options_of(db::Tx& tx, std::int64_t ballot_id) {
  std::vector<BallotOption> options;
  for (const auto& row : tx.exec(select_options, ballot_id)) {
    options.push_back(
        {row[0].as<int>(), row[1].as<std::string>(), row[2].as<std::string>(), row[3].as<bool>()});
  }
  return options;
}

std::vector<std::int64_t> ids_from(const pqxx::result& result) {
  std::vector<std::int64_t> ids;
  for (const auto& row : result)
    ids.push_back(row[0].as<std::int64_t>());
  return ids;
}

std::optional<std::string> optional_time(const std::optional<TimePoint>& time) {
  if (!time)
    return std::nullopt;
  return iso8601(*time);
}

}  // namespace

std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return GroupRow{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>(),
                  (*row)[2].as<std::string>(), (*row)[3].as<bool>()};
}

bool time_zone_known(db::Tx& tx, const std::string& name) {
  return tx.exec(select_time_zone_known, name)[0][0].as<bool>();
}

std::int64_t insert_ballot(db::Tx& tx, std::int64_t group_id, const ValidSpec& spec,
                           const std::string& description_html, const std::string& time_zone,
                           std::int64_t created_by, const std::string& now) {
  std::optional<std::string> threshold;
  if (spec.threshold)
    threshold = std::string(threshold_name(*spec.threshold));
  std::optional<std::string> elector_list;
  if (spec.explicit_electors)
    elector_list = db::array_literal(*spec.explicit_electors);
  const auto id =
      tx.exec(insert_ballot_row, group_id, spec.title, spec.description, description_html,
              std::string(method_name(spec.method)), spec.seats, threshold, spec.quorum_percent,
              spec.secret, spec.eligibility.include_subgroups, spec.eligibility.include_supporters,
              spec.eligibility.joined_on_or_before, time_zone, spec.manual,
              optional_time(spec.opens_at), optional_time(spec.closes_at), created_by, now,
              elector_list, spec.eligibility.named_list)[0][0]
          .as<std::int64_t>();
  for (const auto& option : spec.options) {
    tx.exec(insert_option_row, id, option.number, option.label, option.description);
  }
  return id;
}

std::optional<Ballot> find_ballot(db::Tx& tx, std::int64_t ballot_id, Lock lock) {
  const db::Statement* statement = &select_ballot;
  switch (lock) {
    case Lock::none:
      break;
    case Lock::share:
      statement = &select_ballot_share;
      break;
    case Lock::update:
      statement = &select_ballot_update;
      break;
    case Lock::update_skip_locked:
      statement = &select_ballot_update_skip;
      break;
  }
  auto row = tx.exec_maybe_row(*statement, ballot_id);
  if (!row)
    return std::nullopt;
  auto ballot = ballot_from(*row);
  ballot.options = options_of(tx, ballot_id);
  return ballot;
}

std::optional<BallotForCast> find_ballot_for_cast(db::Tx& tx, std::int64_t ballot_id,
                                                  std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_ballot_share_with_elector, ballot_id, person_id);
  if (!row)
    return std::nullopt;
  const auto columns = row->size();
  BallotForCast found{ballot_from(*row), (*row)[columns - 1].as<bool>()};
  for (const auto& option : nlohmann::json::parse((*row)[columns - 2].as<std::string>())) {
    found.ballot.options.push_back({option[0].get<int>(), option[1].get<std::string>(),
                                    option[2].get<std::string>(), option[3].get<bool>()});
  }
  return found;
}

std::vector<Ballot> list_ballots(db::Tx& tx, std::int64_t group_id) {
  std::vector<Ballot> ballots;
  for (const auto& row : tx.exec(select_group_ballots, group_id)) {
    auto ballot = ballot_from(row);
    ballot.options = options_of(tx, ballot.id);
    ballots.push_back(std::move(ballot));
  }
  return ballots;
}

std::int64_t freeze_electors(db::Tx& tx, std::int64_t ballot_id) {
  // One of the two statements inserts: a ballot has either a named list or a rule.
  const auto by_rule = tx.exec(insert_electors, ballot_id).affected_rows();
  const auto listed = tx.exec(insert_listed_electors, ballot_id).affected_rows();
  return static_cast<std::int64_t>(by_rule + listed);
}

void mark_open(db::Tx& tx, std::int64_t ballot_id, std::int64_t eligible_count,
               const std::vector<int>& tie_order, std::uint64_t tie_seed, const std::string& now) {
  tx.exec(update_open, ballot_id, eligible_count, marks_literal(tie_order),
          std::to_string(tie_seed), now);
}

void mark_closed(db::Tx& tx, std::int64_t ballot_id, const std::string& outcome,
                 const std::string& result_json, const std::string& now) {
  tx.exec(update_closed, ballot_id, outcome, result_json, now);
}

void mark_cancelled(db::Tx& tx, std::int64_t ballot_id, const std::string& now) {
  tx.exec(update_cancelled, ballot_id, now);
}

std::vector<std::int64_t> due_to_open(db::Tx& tx, const std::string& now) {
  return ids_from(tx.exec(select_due_to_open, now));
}
std::vector<std::int64_t> due_to_close(db::Tx& tx, const std::string& now) {
  return ids_from(tx.exec(select_due_to_close, now));
}
std::vector<std::int64_t> inboxes_waiting(db::Tx& tx, int at_least) {
  return ids_from(tx.exec(select_inboxes_waiting, at_least));
}

std::vector<ScopeMembership> scope_memberships(db::Tx& tx, std::int64_t group_id,
                                               bool include_subgroups, std::int64_t person_id) {
  std::vector<ScopeMembership> memberships;
  for (const auto& row :
       tx.exec(select_scope_memberships, group_id, include_subgroups, person_id)) {
    memberships.push_back(
        {row[0].as<std::string>(),
         groups::parse_role(row[1].as<std::string>()).value_or(groups::Role::supporter),
         groups::parse_status(row[2].as<std::string>()).value_or(groups::MembershipStatus::left),
         row[3].as<std::string>()});
  }
  return memberships;
}

bool is_elector(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id) {
  return tx.exec(select_is_elector, ballot_id, person_id)[0][0].as<bool>();
}

bool has_voted(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id) {
  return tx.exec(select_has_voted, ballot_id, person_id)[0][0].as<bool>();
}

bool insert_participation(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id) {
  return tx.exec(insert_participation_row, ballot_id, person_id).affected_rows() == 1;
}

std::vector<TurnoutChange> turnout_changes(db::Tx& tx) {
  std::vector<TurnoutChange> changes;
  for (const auto& row : tx.exec(select_turnout_changes))
    changes.push_back({row[0].as<std::int64_t>(), row[1].as<std::int64_t>()});
  return changes;
}

bool try_lock_turnout(db::Tx& tx) {
  return tx.exec(select_try_turnout_lock, turnout_lock_space)[0][0].as<bool>();
}

SecretCast insert_secret_cast(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                              const std::string& tracker_hash, const Marks& marks) {
  const auto row =
      tx.exec(insert_secret_cast_rows, ballot_id, person_id, tracker_hash, marks_literal(marks))[0];
  return {row[0].as<bool>(), row[1].as<bool>()};
}

std::optional<Marks> secret_marks(db::Tx& tx, std::int64_t ballot_id,
                                  const std::string& tracker_hash) {
  auto row = tx.exec_maybe_row(select_secret_marks, ballot_id, tracker_hash);
  if (!row)
    return std::nullopt;
  return marks_from((*row)[0]);
}

bool replace_secret_marks(db::Tx& tx, std::int64_t ballot_id, const std::string& tracker_hash,
                          const Marks& marks) {
  const auto literal = marks_literal(marks);
  if (tx.exec(update_inbox_marks, ballot_id, tracker_hash, literal).affected_rows() == 1)
    return true;
  // Mixed meanwhile (each statement sees the latest commits): look in the box.
  return tx.exec(update_box_marks, ballot_id, tracker_hash, literal).affected_rows() == 1;
}

bool try_lock_mixing(db::Tx& tx, std::int64_t ballot_id) {
  return tx.exec(select_try_mixing_lock, mixing_lock_space, ballot_id)[0][0].as<bool>();
}

void lock_mixing(db::Tx& tx, std::int64_t ballot_id) {
  tx.exec(select_mixing_lock, mixing_lock_space, ballot_id);
}

std::int64_t inbox_count(db::Tx& tx, std::int64_t ballot_id) {
  return tx.exec(select_inbox_count, ballot_id)[0][0].as<std::int64_t>();
}

std::vector<SealedBallot> take_inbox(db::Tx& tx, std::int64_t ballot_id) {
  std::vector<SealedBallot> ballots;
  for (const auto& row : tx.exec(delete_inbox, ballot_id)) {
    ballots.push_back({row[0].as<std::string>(), marks_from(row[1])});
  }
  return ballots;
}

void discard_secret_contents(db::Tx& tx, std::int64_t ballot_id) {
  take_inbox(tx, ballot_id);
  tx.exec(delete_box, ballot_id);
}

void insert_box(db::Tx& tx, std::int64_t ballot_id, const std::vector<SealedBallot>& ballots) {
  if (ballots.empty())
    return;
  std::vector<std::string> hashes;
  std::vector<std::string> marks;
  for (const auto& ballot : ballots) {
    hashes.push_back(ballot.tracker_hash);
    marks.push_back(marks_literal(ballot.marks));
  }
  tx.exec(insert_box_rows, ballot_id, db::array_literal(hashes), db::array_literal(marks));
}

bool insert_roll_call(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                      const std::string& tracker_hash, const Marks& marks) {
  return tx.exec(insert_roll_call_row, ballot_id, person_id, tracker_hash, marks_literal(marks))
             .affected_rows() == 1;
}

std::optional<SealedBallot> roll_call_of(db::Tx& tx, std::int64_t ballot_id,
                                         std::int64_t person_id) {
  auto row = tx.exec_maybe_row(select_roll_call_of, ballot_id, person_id);
  if (!row)
    return std::nullopt;
  return SealedBallot{(*row)[0].as<std::string>(), marks_from((*row)[1])};
}

void update_roll_call(db::Tx& tx, std::int64_t ballot_id, std::int64_t person_id,
                      const Marks& marks) {
  tx.exec(update_roll_call_marks, ballot_id, person_id, marks_literal(marks));
}

std::vector<RollCallRow> roll_call(db::Tx& tx, std::int64_t ballot_id) {
  std::vector<RollCallRow> rows;
  for (const auto& row : tx.exec(select_roll_call, ballot_id)) {
    rows.push_back({{row[0].as<std::int64_t>(), row[1].as<std::string>()}, marks_from(row[2])});
  }
  return rows;
}

std::vector<Marks> counted_marks(db::Tx& tx, std::int64_t ballot_id) {
  std::vector<Marks> ballots;
  for (const auto& row : tx.exec(select_counted_marks, ballot_id))
    ballots.push_back(marks_from(row[0]));
  return ballots;
}

std::vector<std::string> counted_tracker_hashes(db::Tx& tx, std::int64_t ballot_id) {
  std::vector<std::string> hashes;
  for (const auto& row : tx.exec(select_counted_trackers, ballot_id))
    hashes.push_back(row[0].as<std::string>());
  return hashes;
}

bool tracker_counted(db::Tx& tx, std::int64_t ballot_id, const std::string& tracker_hash) {
  return tx.exec(select_tracker_counted, ballot_id, tracker_hash)[0][0].as<bool>();
}

}  // namespace plenary::votes::repo
