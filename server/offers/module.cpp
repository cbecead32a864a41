#include "offers/module.hpp"

namespace plenary::offers {

void register_routes(http::Router&, const Clock&, const Settings&) {}

void run_due(db::Connection&, const Clock&, const Settings&) {}

}  // namespace plenary::offers
