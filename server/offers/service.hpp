#pragma once
// Offer use cases. Each runs in one transaction: load, ask the policy, apply the pure rule,
// write, notify and queue the mails. Returns values or an Error; never sees HTTP.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "offers/model.hpp"
#include "offers/module.hpp"

namespace plenary::offers {

struct NewOffer {
  OfferRecord offer;
  bool confirmation_needed = false;  // signed out: the mailed link must be followed first
};

struct OfferPage {
  OfferRecord offer;
  OfferCan can;
};

struct OfferList {
  std::vector<OfferRecord> offers;
  Counts counts;
};

// Offers from one network address per window: a household or an office may share one address,
// but nobody fills officers' inboxes with offers that were never meant.
inline constexpr int offers_per_address = 10;
inline constexpr std::chrono::seconds offer_window{600};
inline constexpr int answered_shown = 50;
// Requests for fresh links from one network address per window, and offers one mail covers.
inline constexpr int link_requests_per_address = 5;
inline constexpr int offers_per_links_mail = 20;
// Escalations per ticker run: the rest wait a second for the next run.
inline constexpr int escalations_per_run = 50;

class Service {
 public:
  Service(const Clock& clock, const Settings& settings) : clock_(clock), settings_(settings) {}

  Result<std::vector<Skill>> skills(db::Connection& db);
  // `actor` null: a signed-out offer, confirmed by mail before it is routed.
  Result<NewOffer> offer(db::Connection& db, const Actor* actor, const OfferInput& input,
                         const std::string& address);
  // The offer, for an explicit time: the demo back-dates its offers.
  Result<NewOffer> offer_at(db::Connection& db, const Actor* actor, const OfferInput& input,
                            TimePoint now);
  Result<OfferRecord> confirm(db::Connection& db, const std::string& token);
  Result<OfferRecord> status(db::Connection& db, const std::string& token);
  // Mails fresh links for the signed-out offers made with `email` (the old ones stop working).
  // Says nothing of whether there were any: an address's offers are its owner's business.
  Status send_fresh_links(db::Connection& db, const std::string& email, const std::string& address);
  Result<std::vector<OfferRecord>> mine(db::Connection& db, const Actor& actor);

  Result<OfferPage> view(db::Connection& db, const Actor* actor, std::int64_t offer_id);
  Result<OfferPage> acknowledge(db::Connection& db, const Actor& actor, std::int64_t offer_id,
                                const std::string& note);
  Result<OfferPage> record_outcome(db::Connection& db, const Actor& actor, std::int64_t offer_id,
                                   Outcome outcome, const std::string& note);
  Result<OfferList> dashboard(db::Connection& db, const Actor* actor);
  Result<OfferList> group_offers(db::Connection& db, const Actor* actor, std::int64_t group_id);

  // The same use cases at an explicit time (the demo's history).
  Result<OfferPage> acknowledge_at(db::Connection& db, const Actor& actor, std::int64_t offer_id,
                                   const std::string& note, TimePoint now);
  Result<OfferPage> record_outcome_at(db::Connection& db, const Actor& actor, std::int64_t offer_id,
                                      Outcome outcome, const std::string& note, TimePoint now);

  // Escalates the offers due now; returns how many were looked at.
  int escalate_due(db::Connection& db);

 private:
  Status check_rate(db::Connection& db, const std::string& address) const;
  Status check_link_rate(db::Connection& db, const std::string& address) const;

  const Clock& clock_;
  const Settings& settings_;
};

}  // namespace plenary::offers
