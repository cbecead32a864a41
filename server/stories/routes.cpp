// JSON ↔ the stories service: shapes and lengths are checked here, everything else there.
#include <charconv>
#include <limits>
#include <memory>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "stories/json.hpp"
#include "stories/module.hpp"
#include "stories/rules.hpp"
#include "stories/service.hpp"

namespace plenary::stories {
namespace {
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::TextRule;
using http::with_fields;

// Lengths are checked by the rules (with messages about stories); these only bound the input.
constexpr TextRule line_rule{.min_length = 0, .max_length = 1000};
constexpr TextRule text_rule{.max_length = 0, .trim = true, .single_line = false};
constexpr std::size_t story_body_limit = 160 * 1024;
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();

nlohmann::json view_body(const StoryView& view) {
  return {{"story", story_json(view)}, {"can", can_json(view.can)}};
}

Response view_response(const Result<StoryView>& view, int status) {
  return http::json_or_problem(view, status, view_body);
}

Response list_response(const Result<std::vector<StoryView>>& views) {
  return http::json_or_problem(views, 200, [](const std::vector<StoryView>& list) {
    auto stories = nlohmann::json::array();
    for (const auto& view : list)
      stories.push_back(story_json(view));
    return nlohmann::json{{"stories", stories}};
  });
}

StoryInput read_input(JsonFields& fields) {
  StoryInput input;
  input.title = fields.required_text("title", line_rule).value_or("");
  input.body = fields.required_text("body", text_rule).value_or("");
  input.place = fields.optional_text("place", line_rule).value_or("");
  input.what_worked = fields.optional_text("what_worked", text_rule).value_or("");
  input.contact = fields.optional_text("contact", line_rule).value_or("");
  input.group_id = fields.optional_int("group_id", 1, max_id);
  return input;
}

StoryChanges read_changes(JsonFields& fields) {
  StoryChanges changes;
  changes.title = fields.optional_text("title", line_rule);
  changes.body = fields.optional_text("body", text_rule);
  changes.place = fields.optional_text("place", line_rule);
  changes.what_worked = fields.optional_text("what_worked", text_rule);
  changes.contact = fields.optional_text("contact", line_rule);
  const bool clears_group = fields.is_null("group_id");
  auto group_id = fields.optional_int("group_id", 1, max_id);
  if (clears_group)
    changes.group_id = std::optional<std::int64_t>{};
  else if (group_id)
    changes.group_id = group_id;
  return changes;
}

void review_route(http::Router& router, const std::shared_ptr<Service>& service, const char* action,
                  Verdict verdict, const char* field, bool required, const char* summary) {
  router.add(Method::post, std::string("/api/v1/stories/{story_id}/") + action,
             [service, verdict, field, required](RouteContext& context) {
               auto target = http::signed_in_target(context, "story_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(
                   context,
                   [&](JsonFields& fields) {
                     // Missing and empty are the same to the rules, which say why it is needed.
                     auto message = fields.optional_text(field, text_rule).value_or("");
                     if (auto error = fields.finish())
                       return http::problem(*error);
                     return view_response(
                         service->review(context.db(), *target->actor, target->id, verdict, message,
                                         http::request_site(context)),
                         200);
                   },
                   !required);
             },
             {.summary = summary});
}

void author_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::post, "/api/v1/stories",
             [service](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto input = read_input(fields);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return view_response(service->submit(context.db(), **actor, input), 201);
               });
             },
             {.body_limit = story_body_limit, .summary = "send in a story"});

  router.add(Method::get, "/api/v1/stories/mine", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return list_response(service->mine(context.db(), **actor));
  });
}

void editor_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/stories/review", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return list_response(service->review_queue(context.db(), **actor));
  });

  router.add(Method::get, "/api/v1/stories/editors", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return http::json_or_problem(
        service->editors(context.db(), **actor), 200, [](const EditorList& list) {
          auto appointed = nlohmann::json::array();
          for (const auto& editor : list.appointed)
            appointed.push_back(editor_json(editor));
          auto by_office = nlohmann::json::array();
          for (const auto& person : list.by_office)
            by_office.push_back(person_json(person));
          return nlohmann::json{{"editors", appointed}, {"by_office", by_office}};
        });
  });

  router.add(Method::post, "/api/v1/stories/editors",
             [service](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto person_id = fields.required_int("person_id", 1, max_id);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return http::json_or_problem(
                     service->appoint(context.db(), **actor, *person_id), 201,
                     [](const Editor& editor) {
                       return nlohmann::json{{"editor", editor_json(editor)}};
                     });
               });
             },
             {.summary = "appoint a story editor"});

  router.add(Method::del, "/api/v1/stories/editors/{person_id}", [service](RouteContext& context) {
    auto target = http::signed_in_target(context, "person_id");
    if (!target)
      return http::problem(target.error());
    return http::no_content_or_problem(service->dismiss(context.db(), *target->actor, target->id));
  });

  review_route(router, service, "accept", Verdict::accept, "note", false, "publish a story");
  review_route(router, service, "request-changes", Verdict::request_changes, "message", true,
               "ask for changes to a story");
  review_route(router, service, "decline", Verdict::decline, "reason", true, "decline a story");
}

void story_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/stories", [service](RouteContext& context) {
    std::optional<std::int64_t> after;
    if (auto cursor = context.request.query_param("cursor"); cursor && !cursor->empty()) {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), id);
      if (ec != std::errc{} || end != cursor->data() + cursor->size() || id <= 0)
        return http::problem(bad_request("The cursor is not one this server gave out."));
      after = id;
    }
    return http::json_or_problem(
        service->published(context.db(), context.actor, after), 200, [](const PublicPage& page) {
          auto stories = nlohmann::json::array();
          for (const auto& summary : page.stories)
            stories.push_back(summary_json(summary));
          return nlohmann::json{{"stories", stories},
                                {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                                                 : nlohmann::json(nullptr)},
                                {"can_review", page.can_review}};
        });
  });

  router.add(Method::get, "/api/v1/stories/{story_id}", [service](RouteContext& context) {
    auto id = context.id("story_id");
    if (!id)
      return http::problem(id.error());
    return view_response(service->view(context.db(), context.actor, *id), 200);
  });

  router.add(Method::patch, "/api/v1/stories/{story_id}",
             [service](RouteContext& context) {
               auto target = http::signed_in_target(context, "story_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto changes = read_changes(fields);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return view_response(
                     service->edit(context.db(), *target->actor, target->id, changes), 200);
               });
             },
             {.body_limit = story_body_limit, .summary = "change a story"});

  router.add(Method::del, "/api/v1/stories/{story_id}", [service](RouteContext& context) {
    auto target = http::signed_in_target(context, "story_id");
    if (!target)
      return http::problem(target.error());
    return http::no_content_or_problem(service->withdraw(context.db(), *target->actor, target->id));
  });
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  auto service = std::make_shared<Service>(clock);
  // Fixed paths before /api/v1/stories/{story_id}: the first route that matches answers.
  author_routes(router, service);
  editor_routes(router, service);
  story_routes(router, service);
}

}  // namespace plenary::stories
