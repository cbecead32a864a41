#pragma once
// SQL for petitions and signatures. Maps rows to structs; decides nothing.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "petitions/model.hpp"

namespace plenary::petitions::repo {

struct GroupRow {
  GroupRef group;
  bool archived = false;
};
std::optional<GroupRow> find_group(db::Tx& tx, std::int64_t group_id);

struct PetitionRow {
  std::int64_t group_id = 0;
  std::string slug;
  std::string title;
  std::string statement;
  std::string statement_html;
  std::string target;
  std::optional<std::string> closes_at;
  std::int64_t created_by = 0;
  std::string now;
};
std::int64_t insert_petition(db::Tx& tx, const PetitionRow& row);
bool slug_taken(db::Tx& tx, const std::string& slug);

std::optional<Petition> find_petition(db::Tx& tx, const std::string& slug);
// The same, locked until the transaction ends: signatures and closing wait for each other.
std::optional<Petition> lock_petition(db::Tx& tx, const std::string& slug);
std::vector<Petition> group_petitions(db::Tx& tx, std::int64_t group_id);
void close_petition(db::Tx& tx, std::int64_t petition_id, const std::string& now);

Counts counts(db::Tx& tx, std::int64_t petition_id);

// Confirmed signatures with shown names, newest first, below `before_id` when given. Only the
// name, the time and the id are read: nothing else about a signer leaves this query.
std::vector<SignatureRecord> shown_signers(db::Tx& tx, std::int64_t petition_id,
                                           std::optional<std::int64_t> before_id, int limit);

struct ExistingSignature {
  std::int64_t id = 0;
  SignatureStatus status = SignatureStatus::pending;
};
std::optional<ExistingSignature> find_signature(db::Tx& tx, std::int64_t petition_id,
                                                const std::string& email);

struct TokenHashes {
  std::string confirm;
  std::string withdraw;
  std::string updates;
};
struct SignatureRow {
  std::int64_t petition_id = 0;
  SignatureInput input;  // email lower-cased, postcode normalised
  std::string postcode_area;
  TokenHashes tokens;
  std::string now;
};
void insert_signature(db::Tx& tx, const SignatureRow& row);
void replace_tokens(db::Tx& tx, std::int64_t signature_id, const TokenHashes& tokens);

// Each returns whether a signature had the token (and, for confirm, was still pending).
bool confirm_signature(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash,
                       const std::string& now);
bool delete_signature(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash);
bool stop_updates(db::Tx& tx, std::int64_t petition_id, const std::string& token_hash,
                  const std::string& now);

// Every signature, oldest first, for the organisers' export.
std::vector<SignatureRecord> all_signatures(db::Tx& tx, std::int64_t petition_id);
Breakdown breakdown(db::Tx& tx, std::int64_t petition_id);

}  // namespace plenary::petitions::repo
