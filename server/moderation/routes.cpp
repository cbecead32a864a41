// JSON ↔ the moderation service: shapes and lengths are checked here, everything else there.
#include <charconv>
#include <limits>
#include <memory>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "moderation/module.hpp"
#include "moderation/rules.hpp"
#include "moderation/service.hpp"

namespace plenary::moderation {
namespace {
using http::JsonFields;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_fields;
using nlohmann::json;

constexpr TextRule reason_rule{
    .min_length = 1, .max_length = max_reason_length, .single_line = false};
constexpr TextRule optional_reason_rule{.max_length = max_reason_length, .single_line = false};
constexpr TextRule flag_detail_rule{.max_length = max_flag_detail, .single_line = false};
constexpr TextRule date_time_rule{.min_length = 1, .max_length = 40};
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();
constexpr int default_page = 25;

Result<int> limit_of(const http::Request& request) {
  auto text = request.query_param("limit");
  if (!text || text->empty())
    return default_page;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 || limit > max_page) {
    return invalid_field(
        "limit", "'limit' must be a whole number from 1 to " + std::to_string(max_page) + ".");
  }
  return limit;
}

Error damaged_cursor() {
  return invalid_field(
      "cursor", "This page link is damaged or out of date. Start again from the first page.");
}

json person_json(const PersonRef& person) {
  return {{"id", person.id}, {"display_name", person.display_name}};
}

json optional_text(const std::optional<std::string>& text) {
  return text ? json(*text) : json();
}

json moderated_post_json(const ModeratedPost& post) {
  json hidden = nullptr;
  if (post.hidden) {
    hidden = {{"reason", post.hidden->reason},
              {"by", post.hidden->by ? person_json(*post.hidden->by) : json()},
              {"at", post.hidden->at}};
    if (!post.deleted)
      hidden["original_html"] = post.body_html;
  }
  return {{"id", post.id},
          {"thread_id", post.thread_id},
          {"parent_id", post.parent_id ? json(*post.parent_id) : json()},
          {"depth", post.depth},
          {"in_reply_to", nullptr},
          {"author", person_json(post.author)},
          {"body_html", post.deleted ? std::string() : post.body_html},
          {"created_at", post.created_at},
          {"edited_at", optional_text(post.edited_at)},
          {"deleted", post.deleted},
          {"hidden", hidden},
          {"moderator_note", optional_text(post.moderator_note)},
          {"thanks_count", post.thanks_count},
          {"thanked_by_me", false},
          {"revision_count", post.revision_count},
          // The queue offers the moderator's actions only; the thread page offers the rest.
          {"can",
           {{"edit", false},
            {"delete", false},
            {"thank", false},
            {"flag", false},
            {"hide", !post.hidden && !post.deleted},
            {"restore", post.hidden.has_value() && !post.deleted},
            {"reply", false}}}};
}

json queue_json(const QueuePage& page) {
  auto items = json::array();
  for (const auto& item : page.items) {
    auto flags = json::array();
    for (const auto& flag : item.flags) {
      flags.push_back({{"id", flag.id},
                       {"reason", flag.reason},
                       {"detail", flag.detail},
                       {"flagger", person_json(flag.flagger)},
                       {"created_at", flag.created_at}});
    }
    items.push_back({{"post", moderated_post_json(item.post)},
                     {"thread", {{"id", item.thread_id}, {"title", item.thread_title}}},
                     {"group", {{"id", item.group.id}, {"name", item.group.name}}},
                     {"flags", flags}});
  }
  return {{"items", items},
          {"next_cursor", page.next ? json(encode_queue_cursor(*page.next)) : json()}};
}

json suspension_json(const Suspension& suspension) {
  return {{"id", suspension.id},
          {"group", {{"id", suspension.group.id}, {"name", suspension.group.name}}},
          {"person", person_json(suspension.person)},
          {"reason", suspension.reason},
          {"starts_at", suspension.starts_at},
          {"ends_at", suspension.ends_at},
          {"created_by", person_json(suspension.created_by)},
          {"lifted_at", optional_text(suspension.lifted_at)},
          {"lifted_by", suspension.lifted_by ? person_json(*suspension.lifted_by) : json()},
          {"active", suspension.active}};
}

json log_json(const LogPage& page) {
  auto entries = json::array();
  for (const auto& entry : page.entries) {
    entries.push_back({{"id", entry.id},
                       {"moderator", person_json(entry.moderator)},
                       {"action", entry.action},
                       {"target_kind", entry.target_kind},
                       {"target_id", entry.target_id},
                       {"reason", entry.reason},
                       {"created_at", entry.created_at}});
  }
  return {
      {"entries", entries},
      {"next_cursor", page.next_after_id ? json(encode_id_cursor(*page.next_after_id)) : json()}};
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  auto service = std::make_shared<Service>(clock);

  router.add(http::Method::post, "/api/v1/posts/{post_id}/flags", [service](RouteContext& context) {
    auto target = signed_in_target(context, "post_id");
    if (!target)
      return http::problem(target.error());
    return with_fields(context, [&](JsonFields& fields) {
      auto reason = fields.required_choice("reason", flag_reasons());
      auto detail = fields.optional_text("detail", flag_detail_rule);
      if (reason) {
        if (auto missing = check_flag_detail(*reason, detail.value_or(""))) {
          fields.add_error(missing->field, missing->message);
        }
      }
      if (auto error = fields.finish())
        return http::problem(*error);
      auto flag =
          service->flag(context.db(), *target->actor, target->id, {*reason, detail.value_or("")});
      if (!flag)
        return http::problem(flag.error());
      return Response::json(201, {{"flag", {{"id", *flag}}}});
    });
  });

  router.add(http::Method::get, "/api/v1/groups/{group_id}/moderation/queue",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto limit = limit_of(context.request);
               if (!limit)
                 return http::problem(limit.error());
               std::optional<QueueCursor> after;
               if (auto text = context.request.query_param("cursor"); text && !text->empty()) {
                 after = decode_queue_cursor(*text);
                 if (!after)
                   return http::problem(damaged_cursor());
               }
               auto page = service->queue(context.db(), *target->actor, target->id, after, *limit);
               if (!page)
                 return http::problem(page.error());
               return Response::json(200, queue_json(*page));
             });

  router.add(
      http::Method::post, "/api/v1/flags/{flag_id}/resolve", [service](RouteContext& context) {
        auto target = signed_in_target(context, "flag_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          auto resolution = fields.required_choice("resolution", flag_resolutions());
          auto reason = fields.required_text("reason", reason_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          auto resolved =
              service->resolve(context.db(), *target->actor, target->id, {*resolution, *reason});
          if (!resolved)
            return http::problem(resolved.error());
          return Response::no_content();
        });
      });

  router.add(http::Method::post, "/api/v1/groups/{group_id}/suspensions",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto person_id = fields.required_int("person_id", 1, max_id);
                 auto ends_at_text = fields.required_text("ends_at", date_time_rule);
                 auto reason = fields.required_text("reason", reason_rule);
                 std::optional<TimePoint> ends_at;
                 if (ends_at_text) {
                   ends_at = parse_date_time(*ends_at_text);
                   if (!ends_at) {
                     fields.add_error("ends_at",
                                      "Enter the end as a date and time, like 2025-06-01T18:00Z.");
                   }
                 }
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 auto suspension = service->suspend(context.db(), *target->actor, target->id,
                                                    {*person_id, *ends_at, *reason});
                 if (!suspension)
                   return http::problem(suspension.error());
                 return Response::json(201, {{"suspension", suspension_json(*suspension)}});
               });
             });

  router.add(http::Method::get, "/api/v1/groups/{group_id}/suspensions",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               auto list = service->suspensions(context.db(), *target->actor, target->id);
               if (!list)
                 return http::problem(list.error());
               auto suspensions = json::array();
               for (const auto& suspension : *list)
                 suspensions.push_back(suspension_json(suspension));
               return Response::json(200, {{"suspensions", suspensions}});
             });

  router.add(http::Method::del, "/api/v1/suspensions/{suspension_id}",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "suspension_id");
               if (!target)
                 return http::problem(target.error());
               auto lift = [&](const std::string& reason) {
                 auto lifted = service->lift(context.db(), *target->actor, target->id, reason);
                 if (!lifted)
                   return http::problem(lifted.error());
                 return Response::no_content();
               };
               // The reason is optional, and so is a body at all.
               if (context.request.body.empty())
                 return lift("");
               return with_fields(context, [&](JsonFields& fields) {
                 auto reason = fields.optional_text("reason", optional_reason_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return lift(reason.value_or(""));
               });
             });

  router.add(http::Method::get, "/api/v1/groups/{group_id}/moderation/log",
             [service](RouteContext& context) {
               auto group_id = context.id("group_id");
               if (!group_id)
                 return http::problem(group_id.error());
               auto limit = limit_of(context.request);
               if (!limit)
                 return http::problem(limit.error());
               std::optional<std::int64_t> before;
               if (auto text = context.request.query_param("cursor"); text && !text->empty()) {
                 before = decode_id_cursor(*text);
                 if (!before)
                   return http::problem(damaged_cursor());
               }
               auto page = service->log(context.db(), context.actor, *group_id, before, *limit);
               if (!page)
                 return http::problem(page.error());
               return Response::json(200, log_json(*page));
             });
}

}  // namespace plenary::moderation
