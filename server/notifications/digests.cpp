#include "notifications/digests.hpp"

namespace plenary::notifications {

void send_due_digests(db::Connection&, const Clock&, const std::string&) {}

}  // namespace plenary::notifications
