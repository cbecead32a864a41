#include "proposals/repo.hpp"

namespace plenary::proposals::repo {
namespace {

// ISO 8601 text of a timestamptz, with its offset.
#define ISO(column) "to_json(" column ")#>>'{}'"

#define PROPOSAL_COLUMNS \
  "p.id, p.group_id, g.name, g.archived_at IS NOT NULL, p.title, p.body, p.body_html, "          \
  "p.decision, p.author_id, a.display_name, p.state, " ISO("p.created_at") ", " ISO(             \
      "p.published_at") ", p.thread_id, p.ballot_id, p.schedule_mode, p.schedule_note, "         \
                        "p.outcome_text, p.outcome_html, p.outcome_by, ob.display_name, " ISO(   \
                            "p.outcome_at") ", (SELECT count(*) FROM proposal_supports s WHERE " \
                                            "s.proposal_id = p.id)"

#define PROPOSAL_FROM                                                              \
  " FROM proposals p JOIN groups g ON g.id = p.group_id JOIN persons a ON a.id = " \
  "p.author_id LEFT JOIN persons ob ON ob.id = p.outcome_by "

#define AMENDMENT_COLUMNS                                                             \
  "m.id, m.proposal_id, m.number, m.author_id, a.display_name, m.base_body, m.body, " \
  "m.rationale, m.state, m.ballot_id, " ISO("m.created_at")

#define AMENDMENT_FROM " FROM amendments m JOIN persons a ON a.id = m.author_id "

const db::Statement select_group{
    "proposals.select_group", "SELECT id, name, archived_at IS NOT NULL FROM groups WHERE id = $1"};
const db::Statement select_member_count{
    "proposals.select_member_count",
    "SELECT count(*) FROM memberships WHERE group_id = $1 AND status = 'active' "
    "AND role IN ('member', 'moderator', 'officer', 'admin')"};
const db::Statement select_settings{
    "proposals.select_settings",
    "SELECT support_count, support_percent FROM proposal_settings WHERE group_id = $1"};
const db::Statement upsert_settings{
    "proposals.upsert_settings",
    "INSERT INTO proposal_settings (group_id, support_count, support_percent, updated_by, "
    "updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (group_id) DO UPDATE SET "
    "support_count = $2, support_percent = $3, updated_by = $4, updated_at = $5"};

const db::Statement insert_proposal_row{
    "proposals.insert_proposal",
    "INSERT INTO proposals (group_id, author_id, title, body, body_html, decision, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id"};
const db::Statement select_proposal{"proposals.select_proposal",
                                    "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM "WHERE p.id = $1"};
const db::Statement select_proposal_for_update{"proposals.select_proposal_for_update",
                                               "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
                                               "WHERE p.id = $1 FOR UPDATE OF p"};
const db::Statement select_proposals{
    "proposals.select_proposals",
    "SELECT " PROPOSAL_COLUMNS PROPOSAL_FROM
    "WHERE p.group_id = $1 AND ($2::text IS NULL OR p.state = $2) "
    "AND (p.state <> 'draft' OR p.author_id = $3) AND ($4::bigint IS NULL OR p.id < $4) "
    "ORDER BY p.id DESC LIMIT $5"};
const db::Statement update_text_row{
    "proposals.update_text",
    "UPDATE proposals SET title = $2, body = $3, body_html = $4, decision = $5, updated_at = $6 "
    "WHERE id = $1"};
const db::Statement update_body_row{
    "proposals.update_body",
    "UPDATE proposals SET body = $2, body_html = $3, updated_at = $4 WHERE id = $1"};
const db::Statement update_state_row{
    "proposals.update_state", "UPDATE proposals SET state = $2, updated_at = $3 WHERE id = $1"};
const db::Statement update_published_row{
    "proposals.update_published",
    "UPDATE proposals SET thread_id = $2, published_at = $3, updated_at = $3 WHERE id = $1"};
const db::Statement update_schedule_row{
    "proposals.update_schedule",
    "UPDATE proposals SET schedule_mode = $2, schedule_note = $3, ballot_id = $4, "
    "updated_at = $5 WHERE id = $1"};
const db::Statement update_outcome_row{
    "proposals.update_outcome",
    "UPDATE proposals SET outcome_text = $2, outcome_html = $3, outcome_by = $4, "
    "outcome_at = $5, updated_at = $5 WHERE id = $1"};

const db::Statement insert_history_row{
    "proposals.insert_history",
    "INSERT INTO proposal_history (proposal_id, from_state, to_state, by_person, at, note) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
const db::Statement select_history{
    "proposals.select_history",
    "SELECT h.from_state, h.to_state, h.by_person, p.display_name, " ISO("h.at") ", h.note "
    "FROM proposal_history h LEFT JOIN persons p ON p.id = h.by_person "
    "WHERE h.proposal_id = $1 ORDER BY h.id"};

const db::Statement insert_support_row{
    "proposals.insert_support",
    "INSERT INTO proposal_supports (proposal_id, person_id, created_at) VALUES ($1, $2, $3) "
    "ON CONFLICT DO NOTHING"};
const db::Statement delete_support_row{
    "proposals.delete_support",
    "DELETE FROM proposal_supports WHERE proposal_id = $1 AND person_id = $2"};
const db::Statement select_supported{
    "proposals.select_supported",
    "SELECT EXISTS (SELECT 1 FROM proposal_supports WHERE proposal_id = $1 AND person_id = $2)"};
const db::Statement select_support_count{
    "proposals.select_support_count",
    "SELECT count(*) FROM proposal_supports WHERE proposal_id = $1"};

const db::Statement insert_amendment_row{
    "proposals.insert_amendment",
    "INSERT INTO amendments (proposal_id, number, author_id, base_body, body, rationale, "
    "created_at) VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM amendments WHERE "
    "proposal_id = $1), $2, $3, $4, $5, $6) RETURNING id"};
const db::Statement select_amendment{"proposals.select_amendment",
                                     "SELECT " AMENDMENT_COLUMNS AMENDMENT_FROM "WHERE m.id = $1"};
const db::Statement select_amendment_for_update{"proposals.select_amendment_for_update",
                                                "SELECT " AMENDMENT_COLUMNS AMENDMENT_FROM
                                                "WHERE m.id = $1 FOR UPDATE OF m"};
const db::Statement select_amendments{"proposals.select_amendments",
                                      "SELECT " AMENDMENT_COLUMNS AMENDMENT_FROM
                                      "WHERE m.proposal_id = $1 ORDER BY m.number"};
const db::Statement update_amendment_state{
    "proposals.update_amendment_state",
    "UPDATE amendments SET state = $2, ballot_id = $3, decided_at = $4 WHERE id = $1"};

const db::Statement select_proposal_of_ballot{"proposals.select_proposal_of_ballot",
                                              "SELECT id FROM proposals WHERE ballot_id = $1"};
const db::Statement select_amendment_of_ballot{"proposals.select_amendment_of_ballot",
                                               "SELECT id FROM amendments WHERE ballot_id = $1"};
const db::Statement select_ballot_status{"proposals.select_ballot_status",
                                         "SELECT status FROM ballots WHERE id = $1"};
const db::Statement select_ballot_change_time{
    "proposals.select_ballot_change_time",
    "SELECT " ISO("coalesce(CASE $2 WHEN 'open' THEN b.opened_at WHEN 'closed' THEN b.closed_at "
                  "END, statement_timestamp())") " FROM (SELECT $1::bigint AS id) AS wanted "
    "LEFT JOIN ballots b ON b.id = wanted.id"};

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::string>();
}

std::optional<std::int64_t> optional_id(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<std::int64_t>();
}

std::optional<int> optional_int(const pqxx::field& field) {
  if (field.is_null())
    return std::nullopt;
  return field.as<int>();
}

State state_from(const pqxx::field& field) {
  auto state = parse_state(field.as<std::string>());
  if (!state)
    throw std::runtime_error("unknown proposal state " + field.as<std::string>());
  return *state;
}

Proposal proposal_from(const pqxx::row& row) {
  Proposal p;
  p.id = row[0].as<std::int64_t>();
  p.group = {row[1].as<std::int64_t>(), row[2].as<std::string>(), row[3].as<bool>()};
  p.title = row[4].as<std::string>();
  p.body = row[5].as<std::string>();
  p.body_html = row[6].as<std::string>();
  p.decision = row[7].as<std::string>();
  p.author = {row[8].as<std::int64_t>(), row[9].as<std::string>()};
  p.state = state_from(row[10]);
  p.created_at = row[11].as<std::string>();
  p.published_at = optional_text(row[12]);
  p.thread_id = optional_id(row[13]);
  p.ballot_id = optional_id(row[14]);
  if (!row[15].is_null()) {
    p.schedule = Schedule{
        row[15].as<std::string>() == "meeting" ? ScheduleMode::meeting : ScheduleMode::ballot,
        row[16].as<std::string>()};
  }
  if (!row[17].is_null()) {
    p.outcome = OutcomeRecord{row[17].as<std::string>(),
                              row[18].as<std::string>(),
                              {row[19].as<std::int64_t>(), row[20].as<std::string>()},
                              row[21].as<std::string>()};
  }
  p.support_count = row[22].as<std::int64_t>();
  return p;
}

Amendment amendment_from(const pqxx::row& row) {
  Amendment m;
  m.id = row[0].as<std::int64_t>();
  m.proposal_id = row[1].as<std::int64_t>();
  m.number = row[2].as<int>();
  m.author = {row[3].as<std::int64_t>(), row[4].as<std::string>()};
  m.base_body = row[5].as<std::string>();
  m.body = row[6].as<std::string>();
  m.rationale = row[7].as<std::string>();
  auto state = parse_amendment_state(row[8].as<std::string>());
  if (!state)
    throw std::runtime_error("unknown amendment state " + row[8].as<std::string>());
  m.state = *state;
  m.ballot_id = optional_id(row[9]);
  m.created_at = row[10].as<std::string>();
  return m;
}

std::optional<std::string> state_text(const std::optional<State>& state) {
  if (!state)
    return std::nullopt;
  return std::string(state_name(*state));
}

}  // namespace

std::optional<GroupRef> find_group(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_group, group_id);
  if (!row)
    return std::nullopt;
  return GroupRef{(*row)[0].as<std::int64_t>(), (*row)[1].as<std::string>(), (*row)[2].as<bool>()};
}

std::int64_t member_count(db::Tx& tx, std::int64_t group_id) {
  return tx.exec(select_member_count, group_id)[0][0].as<std::int64_t>();
}

SupportSettings load_settings(db::Tx& tx, std::int64_t group_id) {
  auto row = tx.exec_maybe_row(select_settings, group_id);
  if (!row)
    return {};
  return {optional_int((*row)[0]), optional_int((*row)[1])};
}

void save_settings(db::Tx& tx, std::int64_t group_id, const SupportSettings& settings,
                   std::int64_t updated_by, const std::string& now) {
  tx.exec(upsert_settings, group_id, settings.support_count, settings.support_percent, updated_by,
          now);
}

std::int64_t insert_proposal(db::Tx& tx, const NewProposal& proposal, const std::string& now) {
  return tx
      .exec(insert_proposal_row, proposal.group_id, proposal.author_id, proposal.title,
            proposal.body, proposal.body_html, proposal.decision, now)[0][0]
      .as<std::int64_t>();
}

std::optional<Proposal> find_proposal(db::Tx& tx, std::int64_t id, bool lock) {
  auto row = tx.exec_maybe_row(lock ? select_proposal_for_update : select_proposal, id);
  if (!row)
    return std::nullopt;
  return proposal_from(*row);
}

std::vector<Proposal> list_proposals(db::Tx& tx, std::int64_t group_id,
                                     const std::optional<State>& state, std::int64_t viewer_id,
                                     const std::optional<std::int64_t>& before_id, int limit) {
  std::vector<Proposal> list;
  for (const auto& row :
       tx.exec(select_proposals, group_id, state_text(state), viewer_id, before_id, limit)) {
    list.push_back(proposal_from(row));
  }
  return list;
}

void update_text(db::Tx& tx, std::int64_t id, const std::string& title, const std::string& body,
                 const std::string& body_html, const std::string& decision,
                 const std::string& now) {
  tx.exec(update_text_row, id, title, body, body_html, decision, now);
}

void update_body(db::Tx& tx, std::int64_t id, const std::string& body, const std::string& body_html,
                 const std::string& now) {
  tx.exec(update_body_row, id, body, body_html, now);
}

void set_state(db::Tx& tx, std::int64_t id, State state, const std::string& now) {
  tx.exec(update_state_row, id, std::string(state_name(state)), now);
}

void mark_published(db::Tx& tx, std::int64_t id, std::int64_t thread_id, const std::string& now) {
  tx.exec(update_published_row, id, thread_id, now);
}

void set_schedule(db::Tx& tx, std::int64_t id, const std::optional<Schedule>& schedule,
                  const std::optional<std::int64_t>& ballot_id, const std::string& now) {
  std::optional<std::string> mode;
  std::string note;
  if (schedule) {
    mode = schedule->mode == ScheduleMode::meeting ? "meeting" : "ballot";
    note = schedule->note;
  }
  tx.exec(update_schedule_row, id, mode, note, ballot_id, now);
}

void set_outcome(db::Tx& tx, std::int64_t id, const std::string& text, const std::string& html,
                 std::int64_t by, const std::string& now) {
  tx.exec(update_outcome_row, id, text, html, by, now);
}

void insert_history(db::Tx& tx, std::int64_t proposal_id, const std::optional<State>& from,
                    State to, const std::optional<std::int64_t>& by, const std::string& now,
                    const std::string& note) {
  tx.exec(insert_history_row, proposal_id, state_text(from), std::string(state_name(to)), by, now,
          note);
}

std::vector<HistoryEntry> history(db::Tx& tx, std::int64_t proposal_id) {
  std::vector<HistoryEntry> entries;
  for (const auto& row : tx.exec(select_history, proposal_id)) {
    HistoryEntry entry;
    if (!row[0].is_null())
      entry.from = state_from(row[0]);
    entry.to = state_from(row[1]);
    if (!row[2].is_null())
      entry.by = PersonRef{row[2].as<std::int64_t>(), row[3].as<std::string>()};
    entry.at = row[4].as<std::string>();
    entry.note = row[5].as<std::string>();
    entries.push_back(std::move(entry));
  }
  return entries;
}

bool insert_support(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id,
                    const std::string& now) {
  return tx.exec(insert_support_row, proposal_id, person_id, now).affected_rows() == 1;
}

bool delete_support(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id) {
  return tx.exec(delete_support_row, proposal_id, person_id).affected_rows() == 1;
}

bool has_supported(db::Tx& tx, std::int64_t proposal_id, std::int64_t person_id) {
  return tx.exec(select_supported, proposal_id, person_id)[0][0].as<bool>();
}

std::int64_t support_count(db::Tx& tx, std::int64_t proposal_id) {
  return tx.exec(select_support_count, proposal_id)[0][0].as<std::int64_t>();
}

std::int64_t insert_amendment(db::Tx& tx, const NewAmendment& amendment, const std::string& now) {
  return tx
      .exec(insert_amendment_row, amendment.proposal_id, amendment.author_id, amendment.base_body,
            amendment.body, amendment.rationale, now)[0][0]
      .as<std::int64_t>();
}

std::optional<Amendment> find_amendment(db::Tx& tx, std::int64_t id, bool lock) {
  auto row = tx.exec_maybe_row(lock ? select_amendment_for_update : select_amendment, id);
  if (!row)
    return std::nullopt;
  return amendment_from(*row);
}

std::vector<Amendment> amendments(db::Tx& tx, std::int64_t proposal_id) {
  std::vector<Amendment> list;
  for (const auto& row : tx.exec(select_amendments, proposal_id))
    list.push_back(amendment_from(row));
  return list;
}

void set_amendment_state(db::Tx& tx, std::int64_t id, AmendmentState state,
                         const std::optional<std::int64_t>& ballot_id,
                         const std::optional<std::string>& decided_at) {
  tx.exec(update_amendment_state, id, std::string(amendment_state_name(state)), ballot_id,
          decided_at);
}

std::optional<std::int64_t> proposal_of_ballot(db::Tx& tx, std::int64_t ballot_id) {
  auto row = tx.exec_maybe_row(select_proposal_of_ballot, ballot_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::optional<std::int64_t> amendment_of_ballot(db::Tx& tx, std::int64_t ballot_id) {
  auto row = tx.exec_maybe_row(select_amendment_of_ballot, ballot_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::int64_t>();
}

std::optional<std::string> ballot_status(db::Tx& tx, std::int64_t ballot_id) {
  auto row = tx.exec_maybe_row(select_ballot_status, ballot_id);
  if (!row)
    return std::nullopt;
  return (*row)[0].as<std::string>();
}

std::string ballot_change_time(db::Tx& tx, std::int64_t ballot_id, const std::string& status) {
  return tx.exec(select_ballot_change_time, ballot_id, status)[0][0].as<std::string>();
}

}  // namespace plenary::proposals::repo
