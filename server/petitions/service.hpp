#pragma once
// Petition use cases. Each runs in one transaction: load, ask the policy, apply the pure rule,
// write, queue the mail and publish the live count. Returns values or an Error; never sees HTTP.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "petitions/model.hpp"

namespace plenary::petitions {

struct PetitionList {
  std::vector<Petition> petitions;
  bool can_create = false;
};

struct PetitionPage {
  Petition petition;
  Counts counts;
  std::vector<PublicSigner> recent_signers;
  PetitionCan can;
};

struct SignerPage {
  std::vector<PublicSigner> signers;
  std::optional<std::string> next_cursor;
};

// Where a signature came from: the address for the rate limit, and the site ("https://host")
// the links in the confirmation mail point to.
struct SignOrigin {
  std::string address;
  std::string site;
};

inline constexpr int recent_signers_shown = 20;
inline constexpr int signers_per_page = 50;
// Signatures from one network address per window: enough for a family or an office sharing one,
// few enough that nobody floods a petition's pending count or someone else's mailbox.
inline constexpr int signatures_per_address = 30;
inline constexpr std::chrono::seconds signature_window{600};

class Service {
 public:
  explicit Service(const Clock& clock) : clock_(clock) {}

  Result<Petition> create(db::Connection& db, const Actor& actor, const NewPetition& spec);
  Result<PetitionList> list(db::Connection& db, const Actor* actor, std::int64_t group_id);
  Result<PetitionPage> view(db::Connection& db, const Actor* actor, const std::string& slug);
  Result<SignerPage> signers(db::Connection& db, const std::string& slug,
                             std::optional<std::int64_t> before_id);
  Status sign(db::Connection& db, const std::string& slug, const SignatureInput& input,
              const SignOrigin& origin);
  Status confirm(db::Connection& db, const std::string& slug, const std::string& token);
  Status withdraw(db::Connection& db, const std::string& slug, const std::string& token);
  Status stop_updates(db::Connection& db, const std::string& slug, const std::string& token);
  Result<std::string> export_csv(db::Connection& db, const Actor* actor, const std::string& slug);
  Result<Breakdown> breakdown(db::Connection& db, const Actor* actor, const std::string& slug);
  Result<Petition> close(db::Connection& db, const Actor& actor, const std::string& slug);

 private:
  Status check_rate(db::Connection& db, const std::string& address) const;

  const Clock& clock_;
};

// May this viewer follow the live count of the petition (room "petition:<slug>")? Anyone may,
// signed in or not, as long as the petition exists.
Status authorize_live(db::Connection& db, const std::string& slug);

}  // namespace plenary::petitions
