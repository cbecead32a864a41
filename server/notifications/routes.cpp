// GET /api/v1/notifications and POST /api/v1/notifications/read (and the preferences routes).
#include <charconv>
#include <limits>

#include "core/time.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "notifications/module.hpp"
#include "notifications/preferences.hpp"
#include "notifications/store.hpp"
#include "search/readable.hpp"

namespace plenary::notifications {
namespace {
using http::Response;
using http::RouteContext;
using nlohmann::json;

constexpr int default_page = 30;
constexpr int max_page = 100;
constexpr std::size_t max_ids_per_request = 500;

Result<std::optional<std::int64_t>> positive_query_id(const http::Request& request,
                                                      const std::string& name) {
  auto text = request.query_param(name);
  if (!text || text->empty())
    return std::optional<std::int64_t>();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc{} || end != text->data() + text->size() || value <= 0) {
    return invalid_field(name, name == "cursor"
                                   ? "This page link is damaged or out of date. "
                                     "Start again from the first page."
                                   : "'" + name + "' must be a positive whole number.");
  }
  return std::optional<std::int64_t>(value);
}

// {ids: [...]} or {all: true}: exactly one of them.
Result<std::optional<std::vector<std::int64_t>>> which_to_mark(const json& body) {
  using Which = std::optional<std::vector<std::int64_t>>;
  json rest = body;
  rest.erase("ids");
  rest.erase("all");
  http::JsonFields fields(rest);
  const bool has_ids = body.contains("ids") && !body.at("ids").is_null();
  const bool has_all = body.contains("all") && !body.at("all").is_null();
  std::vector<std::int64_t> ids;
  if (has_ids) {
    const auto& list = body.at("ids");
    if (!list.is_array() || list.size() > max_ids_per_request) {
      fields.add_error("ids", "'ids' must be a list of at most " +
                                  std::to_string(max_ids_per_request) + " notification ids.");
    } else {
      for (const auto& id : list) {
        if (!id.is_number_integer() || id.get<std::int64_t>() <= 0) {
          fields.add_error("ids", "'ids' must hold notification ids (positive whole numbers).");
          break;
        }
        ids.push_back(id.get<std::int64_t>());
      }
    }
  }
  if (has_all && !(body.at("all").is_boolean() && body.at("all").get<bool>())) {
    fields.add_error("all", "'all' can only be true.");
  }
  if (has_ids == has_all) {
    fields.add_error("ids", "Give either the 'ids' to mark as read, or 'all': true.");
  }
  if (auto error = fields.finish())
    return *error;
  return has_all ? Which() : Which(std::move(ids));
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  register_preferences_routes(router);

  router.add(http::Method::get, "/api/v1/notifications", [](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    auto before = positive_query_id(context.request, "cursor");
    if (!before)
      return http::problem(before.error());
    auto limit = positive_query_id(context.request, "limit");
    if (!limit)
      return http::problem(limit.error());
    if (*limit && **limit > max_page) {
      return http::problem(invalid_field(
          "limit", "'limit' must be a whole number from 1 to " + std::to_string(max_page) + "."));
    }
    const int page_size = limit->has_value() ? static_cast<int>(**limit) : default_page;
    return db::transact(context.db(), [&](db::Tx& tx) {
      const auto readable = search::readable_categories(tx, *actor);
      const store::ShownTo shown_to{(*actor)->person_id, readable.public_open, readable.ids};
      auto notifications = store::list(tx, shown_to, *before, page_size + 1);
      json next_cursor = nullptr;
      if (static_cast<int>(notifications.size()) > page_size) {
        notifications.resize(static_cast<std::size_t>(page_size));
        next_cursor = std::to_string(notifications.back().id);
      }
      auto list = json::array();
      for (const auto& notification : notifications)
        list.push_back(store::to_json(notification));
      return Response::json(200, {{"notifications", list},
                                  {"unread_count", store::unread_count(tx, shown_to)},
                                  {"next_cursor", next_cursor}});
    });
  });

  router.add(http::Method::post, "/api/v1/notifications/read", [&clock](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    auto body = http::parse_json_object(context.request);
    if (!body)
      return http::problem(body.error());
    auto which = which_to_mark(*body);
    if (!which)
      return http::problem(which.error());
    const auto at = iso8601(clock.now());
    auto marked = db::transact(context.db(), [&](db::Tx& tx) {
      store::mark_read(tx, (*actor)->person_id, *which, at);
      return ok();
    });
    if (!marked)
      return http::problem(marked.error());
    return Response::no_content();
  });
}

}  // namespace plenary::notifications
