// JSON ↔ the groups service: shapes and lengths are checked here, everything else there.
#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>

#include "groups/json.hpp"
#include "groups/module.hpp"
#include "groups/people.hpp"
#include "groups/rules.hpp"
#include "groups/service.hpp"
#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"

namespace plenary::groups {
namespace {
using http::JsonFields;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_fields;

constexpr TextRule group_name_rule{.min_length = 1, .max_length = 120};
constexpr TextRule description_rule{.max_length = 5000, .single_line = false};
constexpr TextRule time_zone_rule{.min_length = 1, .max_length = 64};
constexpr TextRule display_name_rule{.min_length = 1, .max_length = 100};
constexpr TextRule date_rule{.min_length = 1, .max_length = 10};
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t import_body_limit = 2 * 1024 * 1024;
constexpr int default_member_page = 50;

// YYYY-MM-DD, checked as a real date; the error sits on the field like the others.
std::optional<std::string> optional_date(JsonFields& fields, const std::string& name) {
  auto text = fields.optional_text(name, date_rule);
  if (!text)
    return std::nullopt;
  if (!valid_iso_date(*text)) {
    fields.add_error(name, "Enter the date as YYYY-MM-DD, like 2024-03-31.");
    return std::nullopt;
  }
  return text;
}

Result<int> limit_of(const http::Request& request) {
  auto text = request.query_param("limit");
  if (!text || text->empty())
    return default_member_page;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 ||
      limit > max_member_page) {
    return invalid_field("limit", "'limit' must be a whole number from 1 to " +
                                      std::to_string(max_member_page) + ".");
  }
  return limit;
}

Result<std::optional<MemberCursor>> cursor_of(const http::Request& request) {
  auto text = request.query_param("cursor");
  if (!text || text->empty())
    return std::optional<MemberCursor>();
  auto cursor = decode_cursor(*text);
  if (!cursor) {
    return invalid_field("cursor",
                         "This page link is damaged or out of date. Start again from "
                         "the first page.");
  }
  return std::optional<MemberCursor>(std::move(*cursor));
}

Result<bool> include_archived_of(const http::Request& request) {
  auto text = request.query_param("include_archived");
  if (!text || text->empty() || *text == "false" || *text == "0")
    return false;
  if (*text == "true" || *text == "1")
    return true;
  return invalid_field("include_archived", "'include_archived' must be true or false.");
}

bool is_csv(std::string_view content_type) {
  std::string type(content_type.substr(0, content_type.find(';')));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  while (!type.empty() && type.back() == ' ')
    type.pop_back();
  // Spreadsheets and browsers label CSV files in several ways; the content is checked anyway.
  return type == "text/csv" || type == "text/plain" || type == "application/csv";
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  auto service = std::make_shared<Service>(clock);
  register_people_routes(router);

  router.add(http::Method::get, "/api/v1/groups", [service](RouteContext& context) {
    auto include_archived = include_archived_of(context.request);
    if (!include_archived)
      return http::problem(include_archived.error());
    auto list = service->list(context.db(), context.actor, *include_archived);
    auto groups = nlohmann::json::array();
    for (const auto& group : list.groups)
      groups.push_back(group_summary_json(group));
    return Response::json(200, {{"groups", groups}, {"can_create_group", list.can_create_group}});
  });

  router.add(http::Method::post, "/api/v1/groups", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return with_fields(context, [&](JsonFields& fields) {
      auto name = fields.required_text("name", group_name_rule);
      auto kind = fields.required_choice("kind", kind_names());
      auto parent_id = fields.optional_int("parent_id", 1, max_id);
      auto description = fields.optional_text("description", description_rule);
      if (auto error = fields.finish())
        return http::problem(*error);
      auto group = service->create(
          context.db(), **actor,
          {*name, *parse_kind(*kind), parent_id, description.value_or(std::string())});
      if (!group)
        return http::problem(group.error());
      return Response::json(201, {{"group", group_json(*group)}});
    });
  });

  router.add(http::Method::get, "/api/v1/groups/{group_id}", [service](RouteContext& context) {
    auto id = context.id("group_id");
    if (!id)
      return http::problem(id.error());
    auto view = service->view(context.db(), context.actor, *id);
    if (!view)
      return http::problem(view.error());
    return Response::json(200, group_view_json(*view));
  });

  router.add(http::Method::patch, "/api/v1/groups/{group_id}", [service](RouteContext& context) {
    auto target = signed_in_target(context, "group_id");
    if (!target)
      return http::problem(target.error());
    return with_fields(context, [&](JsonFields& fields) {
      GroupChanges changes;
      changes.name = fields.optional_text("name", group_name_rule);
      changes.description = fields.optional_text("description", description_rule);
      changes.time_zone = fields.optional_text("time_zone", time_zone_rule);
      changes.moves = fields.has("parent_id");
      changes.parent_id = fields.optional_int("parent_id", 1, max_id);
      changes.archived = fields.optional_bool("archived");
      if (auto error = fields.finish())
        return http::problem(*error);
      auto group = service->update(context.db(), *target->actor, target->id, changes);
      if (!group)
        return http::problem(group.error());
      return Response::json(200, {{"group", group_json(*group)}});
    });
  });

  router.add(http::Method::post, "/api/v1/groups/{group_id}/join",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto member = service->join(context.db(), *target->actor, target->id);
               if (!member)
                 return http::problem(member.error());
               return Response::json(201, {{"membership", membership_json(*member)}});
             });

  router.add(http::Method::post, "/api/v1/groups/{group_id}/leave",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto left = service->leave(context.db(), *target->actor, target->id);
               if (!left)
                 return http::problem(left.error());
               return Response::no_content();
             });

  router.add(http::Method::get, "/api/v1/groups/{group_id}/members",
             [service](RouteContext& context) {
               auto id = context.id("group_id");
               if (!id)
                 return http::problem(id.error());
               auto limit = limit_of(context.request);
               if (!limit)
                 return http::problem(limit.error());
               auto cursor = cursor_of(context.request);
               if (!cursor)
                 return http::problem(cursor.error());
               auto page = service->members(context.db(), context.actor, *id, *cursor, *limit);
               if (!page)
                 return http::problem(page.error());
               return Response::json(200, member_page_json(*page));
             });

  router.add(http::Method::post, "/api/v1/groups/{group_id}/members",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 NewMember input;
                 auto email = fields.required_email("email");
                 input.display_name = fields.optional_text("display_name", display_name_rule);
                 auto role = fields.required_choice("role", role_names());
                 input.joined_at = optional_date(fields, "joined_at");
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 input.email = *email;
                 input.role = *parse_role(*role);
                 auto member = service->add_member(context.db(), *target->actor, target->id, input);
                 if (!member)
                   return http::problem(member.error());
                 return Response::json(201, {{"member", member_json(*member)}});
               });
             });

  router.add(http::Method::patch, "/api/v1/groups/{group_id}/members/{person_id}",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto person_id = context.id("person_id");
               if (!person_id)
                 return http::problem(person_id.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto role = fields.optional_choice("role", role_names());
                 auto status = fields.optional_choice("status", status_names());
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 MemberChanges changes;
                 if (role)
                   changes.role = parse_role(*role);
                 if (status)
                   changes.status = parse_status(*status);
                 auto member = service->change_member(context.db(), *target->actor, target->id,
                                                      *person_id, changes);
                 if (!member)
                   return http::problem(member.error());
                 return Response::json(200, {{"member", member_json(*member)}});
               });
             });

  router.add(http::Method::del, "/api/v1/groups/{group_id}/members/{person_id}",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto person_id = context.id("person_id");
               if (!person_id)
                 return http::problem(person_id.error());
               auto removed =
                   service->remove_member(context.db(), *target->actor, target->id, *person_id);
               if (!removed)
                 return http::problem(removed.error());
               return Response::no_content();
             });

  router.add(http::Method::post, "/api/v1/groups/{group_id}/members/import",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               if (!is_csv(context.request.header("content-type"))) {
                 Error error = bad_request("Send the file as CSV, with Content-Type: text/csv.");
                 error.code = "unsupported_media_type";
                 return http::problem(error);
               }
               auto report = service->import_members(context.db(), *target->actor, target->id,
                                                     context.request.body);
               if (!report)
                 return http::problem(report.error());
               return Response::json(200, import_report_json(*report));
             },
             {.body_limit = import_body_limit, .summary = "import members from CSV"});
}

}  // namespace plenary::groups
