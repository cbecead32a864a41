#include "notifications/digests.hpp"

#include "core/actor.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "notifications/digest_rules.hpp"
#include "notifications/store.hpp"
#include "search/readable.hpp"

namespace plenary::notifications {
namespace {

// A tick sends at most this many digests per process; the rest wait a second for the next.
constexpr int max_digests_per_tick = 20;

// The person whose digest has waited longest, locked until the digest is queued and recorded:
// another process skips them, and once this one commits they are no longer due. $1 and $2 are
// the times before which a daily and a weekly digest is due.
const db::Statement claim_due_digest{
    "digests.claim_due",
    "SELECT np.person_id, np.digest, np.digested_up_to, "
    "(extract(epoch FROM np.last_digest_at) * 1000000)::bigint, p.email, p.display_name, "
    "p.site_admin, p.email_verified_at IS NOT NULL "
    "FROM notification_preferences np JOIN persons p ON p.id = np.person_id "
    "WHERE (np.digest = 'daily' AND (np.last_digest_at IS NULL OR "
    "np.last_digest_at <= $1::timestamptz)) OR (np.digest = 'weekly' AND "
    "(np.last_digest_at IS NULL OR np.last_digest_at <= $2::timestamptz)) "
    "ORDER BY np.last_digest_at NULLS FIRST, np.person_id LIMIT 1 FOR UPDATE OF np SKIP LOCKED"};

const db::Statement record_digest{
    "digests.record",
    "UPDATE notification_preferences SET last_digest_at = $2::timestamptz, "
    "digested_up_to = GREATEST(digested_up_to, $3) WHERE person_id = $1"};

struct Claimed {
  std::int64_t person_id = 0;
  DigestChoice choice = DigestChoice::off;
  std::int64_t digested_up_to = 0;
  std::optional<TimePoint> last_digest_at;
  DigestRecipient recipient;
  bool site_admin = false;
  bool email_verified = false;
};

Claimed claimed_from(const pqxx::row& row) {
  Claimed claimed;
  claimed.person_id = row[0].as<std::int64_t>();
  claimed.choice = parse_digest_choice(row[1].as<std::string>()).value_or(DigestChoice::off);
  claimed.digested_up_to = row[2].as<std::int64_t>();
  if (!row[3].is_null()) {
    claimed.last_digest_at = TimePoint(std::chrono::duration_cast<TimePoint::duration>(
        std::chrono::microseconds(row[3].as<std::int64_t>())));
  }
  claimed.recipient = {row[4].as<std::string>(), row[5].as<std::string>()};
  claimed.site_admin = row[6].as<bool>();
  claimed.email_verified = row[7].as<bool>();
  return claimed;
}

// Queues one due digest; false when nobody's is due (or every due one is being sent elsewhere).
bool send_next_digest(db::Connection& db, TimePoint now, const std::string& public_base_url) {
  return db::transact(db, [&](db::Tx& tx) {
    const auto row =
        tx.exec_maybe_row(claim_due_digest, iso8601(now - *digest_period(DigestChoice::daily)),
                          iso8601(now - *digest_period(DigestChoice::weekly)));
    if (!row)
      return false;
    const auto claimed = claimed_from(*row);
    if (!digest_due(claimed.choice, claimed.last_digest_at, now))
      return false;

    // The same notifications the person's list would show them now.
    Actor actor;
    actor.person_id = claimed.person_id;
    actor.site_admin = claimed.site_admin;
    actor.email_verified = claimed.email_verified;
    const auto readable = search::readable_categories(tx, &actor);
    const store::ShownTo shown_to{claimed.person_id, readable.public_open, readable.ids};
    // Up to the newest notification now: one written while this digest is made is left for the
    // next, not skipped.
    const store::IdRange range{claimed.digested_up_to, store::newest_id(tx, claimed.person_id)};
    const auto listed =
        store::unread_between(tx, shown_to, range, static_cast<int>(max_listed_in_digest));

    // Nothing unread: no mail, but the next digest is a period away all the same. An address
    // not confirmed may not be the person's, so it is sent nothing.
    if (!listed.empty() && claimed.email_verified) {
      const auto total = store::unread_count_between(tx, shown_to, range);
      auto queued = mail::enqueue(
          tx, digest_mail(claimed.recipient, claimed.choice, listed, total, public_base_url), now);
      if (!queued) {
        log::warn("a notification digest could not be queued",
                  {{"person_id", claimed.person_id}, {"error", queued.error().detail}});
      }
    }
    tx.exec(record_digest, claimed.person_id, iso8601(now), range.up_to);
    return true;
  });
}

}  // namespace

void send_due_digests(db::Connection& db, const Clock& clock, const std::string& public_base_url) {
  try {
    const auto now = clock.now();
    for (int sent = 0; sent < max_digests_per_tick; ++sent) {
      if (!send_next_digest(db, now, public_base_url))
        break;
    }
  } catch (const std::exception& e) {
    log::warn("digests ticker could not send digests", {{"error", e.what()}});
  }
}

}  // namespace plenary::notifications
