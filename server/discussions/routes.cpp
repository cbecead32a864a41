// JSON ↔ the discussions service: shapes and lengths are checked here, everything else there.
#include <charconv>
#include <functional>
#include <limits>
#include <memory>

#include "discussions/json.hpp"
#include "discussions/module.hpp"
#include "discussions/page_cache.hpp"
#include "discussions/rules.hpp"
#include "discussions/service.hpp"
#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "http/static_files.hpp"

namespace plenary::discussions {
namespace {
using http::json_or_problem;
using http::JsonFields;
using http::Method;
using http::no_content_or_problem;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_body;
using http::with_fields;

constexpr TextRule category_name_rule{.min_length = 1, .max_length = 80};
constexpr TextRule description_rule{.max_length = 2000, .single_line = false};
constexpr TextRule title_rule{.min_length = 1, .max_length = max_title_length};
// Markdown keeps its leading spaces and blank lines: they mean something.
constexpr TextRule body_rule{.trim = false, .single_line = false};
constexpr TextRule reason_rule{
    .min_length = 1, .max_length = max_reason_length, .single_line = false};
constexpr TextRule note_rule{.max_length = max_reason_length, .single_line = false};
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();
// A 64 KiB body may grow several times over as JSON escapes; its own limit is checked decoded.
constexpr std::size_t writing_body_limit = 512 * 1024;

const std::vector<std::string>& visibility_names() {
  static const std::vector<std::string> names = {"public", "supporters", "members", "officers"};
  return names;
}

// A markdown body: required, not blank, at most 64 KiB.
std::optional<std::string> markdown_body(JsonFields& fields) {
  auto body = fields.required_text("body", body_rule);
  if (!body)
    return std::nullopt;
  if (body->find_first_not_of(" \t\r\n") == std::string::npos) {
    fields.add_error("body", "Write something before posting.");
    return std::nullopt;
  }
  if (body->size() > max_body_bytes) {
    fields.add_error("body", "A post can be at most 64 KiB long; this one is " +
                                 std::to_string((body->size() + 1023) / 1024) + " KiB.");
    return std::nullopt;
  }
  return body;
}

Result<int> limit_of(const http::Request& request) {
  auto text = request.query_param("limit");
  if (!text || text->empty())
    return default_page_size;
  int limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc{} || end != text->data() + text->size() || limit < 1 ||
      limit > max_page_size) {
    return invalid_field(
        "limit", "'limit' must be a whole number from 1 to " + std::to_string(max_page_size) + ".");
  }
  return limit;
}

Error damaged_cursor(const std::string& field) {
  return invalid_field(field,
                       "This page link is damaged or out of date. Start again from the first "
                       "page.");
}

// Writes made through this process are seen by its next read at once; the live event that
// reaches every process (main.cpp) may come a moment later.
struct CacheForget {
  PageCache* cache = nullptr;
  void thread(std::int64_t id) const {
    if (cache)
      cache->forget_thread(id);
  }
  void all() const {
    if (cache)
      cache->forget_all();
  }
  // What a reader did to their own part of pages (read, watch).
  const Status& person_after(const Status& status, std::int64_t person_id) const {
    if (status && cache)
      cache->forget_person(person_id);
    return status;
  }
  template <typename Value>
  const Result<Value>& after(const Result<Value>& result,
                             std::optional<std::int64_t> thread_id) const {
    if (result)
      thread_id ? thread(*thread_id) : all();
    return result;
  }
};

Response json_bytes(std::shared_ptr<const std::string> body, bool gzipped) {
  Response response;
  response.status = 200;
  response.shared_body = std::move(body);
  response.set_header("content-type", "application/json");
  response.set_header("cache-control", "no-store");
  response.set_header("vary", "accept-encoding");
  if (gzipped)
    response.set_header("content-encoding", "gzip");
  return response;
}

void category_routes(http::Router& router, const std::shared_ptr<Service>& service,
                     CacheForget forget) {
  router.add(Method::get, "/api/v1/groups/{group_id}/categories", [service](RouteContext& context) {
    auto id = context.id("group_id");
    if (!id)
      return http::problem(id.error());
    auto list = service->categories(context.db(), context.actor, *id);
    if (!list)
      return http::problem(list.error());
    auto categories = nlohmann::json::array();
    for (const auto& summary : list->categories) {
      categories.push_back(category_json(summary));
    }
    return Response::json(
        200,
        {{"categories", categories},
         {"can", {{"manage_categories", list->can_manage}, {"moderate", list->can_moderate}}}});
  });

  router.add(Method::post, "/api/v1/groups/{group_id}/categories",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto name = fields.required_text("name", category_name_rule);
                 auto description = fields.optional_text("description", description_rule);
                 auto visibility = fields.required_choice("visibility", visibility_names());
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 auto created = service->create_category(
                     context.db(), *target->actor, target->id,
                     {*name, description.value_or(""), *parse_visibility(*visibility)});
                 return json_or_problem<CategorySummary>(created, 201, [](const auto& summary) {
                   return nlohmann::json{{"category", category_json(summary)}};
                 });
               });
             });

  router.add(Method::get, "/api/v1/categories/{category_id}", [service](RouteContext& context) {
    auto id = context.id("category_id");
    if (!id)
      return http::problem(id.error());
    return json_or_problem<CategoryView>(service->category(context.db(), context.actor, *id), 200,
                                         category_view_json);
  });

  router.add(
      Method::patch, "/api/v1/categories/{category_id}", [service, forget](RouteContext& context) {
        auto target = signed_in_target(context, "category_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          CategoryChanges changes;
          changes.name = fields.optional_text("name", category_name_rule);
          changes.description = fields.optional_text("description", description_rule);
          if (auto visibility = fields.optional_choice("visibility", visibility_names())) {
            changes.visibility = parse_visibility(*visibility);
          }
          if (auto error = fields.finish())
            return http::problem(*error);
          return json_or_problem<CategorySummary>(
              forget.after(
                  service->update_category(context.db(), *target->actor, target->id, changes),
                  std::nullopt),
              200, [](const auto& summary) {
                return nlohmann::json{{"category", category_json(summary)}};
              });
        });
      });

  router.add(
      Method::get, "/api/v1/categories/{category_id}/threads", [service](RouteContext& context) {
        auto id = context.id("category_id");
        if (!id)
          return http::problem(id.error());
        auto limit = limit_of(context.request);
        if (!limit)
          return http::problem(limit.error());
        std::optional<ThreadCursor> after;
        if (auto text = context.request.query_param("cursor"); text && !text->empty()) {
          after = decode_thread_cursor(*text);
          if (!after)
            return http::problem(damaged_cursor("cursor"));
        }
        auto list = service->threads(context.db(), context.actor, *id, after, *limit);
        if (!list)
          return http::problem(list.error());
        auto threads = nlohmann::json::array();
        for (const auto& summary : list->threads) {
          threads.push_back(thread_summary_json(summary));
        }
        return Response::json(
            200, {{"threads", threads},
                  {"next_cursor", list->next ? nlohmann::json(encode_thread_cursor(*list->next))
                                             : nlohmann::json()}});
      });

  router.add(Method::post, "/api/v1/categories/{category_id}/threads",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "category_id");
               if (!target)
                 return http::problem(target.error());
               return with_body(context, [&](nlohmann::json& body) {
                 // Tags are a list, which JsonFields does not read: take them out first.
                 std::optional<nlohmann::json> raw_tags;
                 if (auto found = body.find("tags"); found != body.end()) {
                   if (!found->is_null())
                     raw_tags = *found;
                   body.erase(found);
                 }
                 JsonFields fields(body);
                 auto title = fields.required_text("title", title_rule);
                 auto text = markdown_body(fields);
                 TagCheck tags;
                 if (raw_tags) {
                   std::vector<std::string> given;
                   bool all_text = raw_tags->is_array();
                   if (all_text) {
                     for (const auto& tag : *raw_tags) {
                       if (!tag.is_string())
                         all_text = false;
                       if (all_text)
                         given.push_back(tag.get<std::string>());
                     }
                   }
                   if (!all_text) {
                     fields.add_error("tags", "'tags' must be a list of words.");
                   } else {
                     tags = normalise_tags(given);
                     if (tags.problem)
                       fields.add_error("tags", *tags.problem);
                   }
                 }
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 auto created = service->create_thread(context.db(), *target->actor, target->id,
                                                       {*title, *text, tags.tags});
                 return json_or_problem<CreatedThread>(created, 201, [](const auto& thread) {
                   return nlohmann::json{{"thread", thread_json(thread.thread)},
                                         {"post", post_json(thread.post)}};
                 });
               });
             },
             {.body_limit = writing_body_limit, .summary = "start a thread"});

  for (const auto method : {Method::post, Method::del}) {
    router.add(method, "/api/v1/categories/{category_id}/watch",
               [service, method](RouteContext& context) {
                 auto target = signed_in_target(context, "category_id");
                 if (!target)
                   return http::problem(target.error());
                 return no_content_or_problem(service->watch_category(
                     context.db(), *target->actor, target->id, method == Method::post));
               });
  }
}

struct ThreadPageRequest {
  std::int64_t thread_id = 0;
  std::optional<std::string> after;  // the decoded cursor
  int limit = default_page_size;
};

Result<ThreadPageRequest> thread_page_request(const RouteContext& context) {
  auto id = context.id("thread_id");
  if (!id)
    return id.error();
  auto limit = limit_of(context.request);
  if (!limit)
    return limit.error();
  std::optional<std::string> after;
  if (auto text = context.request.query_param("after"); text && !text->empty()) {
    after = decode_post_cursor(*text);
    if (!after)
      return damaged_cursor("after");
  }
  return ThreadPageRequest{*id, std::move(after), *limit};
}

// On the network thread: the page when everything it is made of is in memory — signed out, its
// bytes; signed in, its shared part and the reader's facts. Anything missing, refused or wrong
// goes to the database worker, which answers as it always did.
std::optional<Response> thread_page_from_memory(const PageCache& cache, RouteContext& context) {
  auto wanted = thread_page_request(context);
  if (!wanted)
    return std::nullopt;
  const auto& [id, after, limit] = *wanted;
  if (!context.actor) {
    const bool gzipped = http::accepts_gzip(context.request.header("accept-encoding"));
    if (auto page = cache.find({id, after.value_or(""), limit, gzipped}))
      return json_bytes(std::move(page), gzipped);
    return std::nullopt;
  }
  if (auto page =
          cache.find_reader({id, after.value_or(""), limit, false}, context.actor->person_id)) {
    return json_bytes(std::move(page), false);
  }
  return std::nullopt;
}

void thread_routes(http::Router& router, const std::shared_ptr<Service>& service,
                   CacheForget forget) {
  http::RouteOptions thread_page_options;
  if (forget.cache) {
    thread_page_options.from_memory = [cache = forget.cache](RouteContext& context) {
      return thread_page_from_memory(*cache, context);
    };
  }
  router.add(
      Method::get, "/api/v1/threads/{thread_id}",
      [service, cache = forget.cache](RouteContext& context) {
        auto wanted = thread_page_request(context);
        if (!wanted)
          return http::problem(wanted.error());
        const auto& [id, after, limit] = *wanted;
        // Every signed-out reader sees the same page: kept once read.
        if (cache && !context.actor) {
          const bool gzipped = http::accepts_gzip(context.request.header("accept-encoding"));
          const PageKey plain_key{id, after.value_or(""), limit, false};
          const PageKey key{id, after.value_or(""), limit, gzipped};
          if (auto page = cache->find(key))
            return json_bytes(std::move(page), gzipped);
          const auto generation = cache->generation(id);
          auto page = service->thread_page(context.db(), nullptr, id, after, limit);
          if (!page)
            return http::problem(page.error());
          auto json = std::make_shared<const std::string>(thread_page_json(*page).dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace));
          cache->store(plain_key, json, generation);
          if (!gzipped)
            return json_bytes(std::move(json), false);
          auto compressed = std::make_shared<const std::string>(http::gzip(*json));
          cache->store(key, compressed, generation);
          return json_bytes(std::move(compressed), true);
        }
        if (cache && context.actor) {
          // Signed in: the page as this reader saw it a moment ago; else the shared part from the
          // cache with the reader's own, read with one query (and that page kept for them). A
          // miss reads the page as before and keeps its shared part.
          const auto& actor = *context.actor;
          const PageKey key{id, after.value_or(""), limit, false};
          if (auto page = cache->find_reader(key, actor.person_id))
            return json_bytes(std::move(page), false);
          if (auto shared = cache->find_shared(key)) {
            const auto read_at = cache->reader_generation(id, actor.person_id);
            const auto facts = Service::reader_facts(context.db(), actor, *shared);
            auto reader = Service::reader_part(actor, *shared, facts);
            if (!reader)
              return http::problem(reader.error());
            auto page = std::make_shared<const std::string>(thread_page_text(*shared, *reader));
            cache->store_reader(key, actor.person_id, page, read_at);
            return json_bytes(std::move(page), false);
          }
          const auto generation = cache->generation(id);
          auto page = service->thread_page(context.db(), &actor, id, after, limit);
          if (page) {
            auto shared = std::make_shared<SharedThreadPage>(shared_part(*page));
            serialize_shared(*shared);
            cache->store_shared(key, std::move(shared), generation);
          }
          return json_or_problem<ThreadPage>(page, 200, thread_page_json);
        }
        return json_or_problem<ThreadPage>(
            service->thread_page(context.db(), context.actor, id, after, limit), 200,
            thread_page_json);
      },
      std::move(thread_page_options));

  router.add(
      Method::patch, "/api/v1/threads/{thread_id}", [service, forget](RouteContext& context) {
        auto target = signed_in_target(context, "thread_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          ThreadChanges changes;
          changes.locked = fields.optional_bool("locked");
          changes.pinned = fields.optional_bool("pinned");
          changes.archived = fields.optional_bool("archived");
          changes.category_id = fields.optional_int("category_id", 1, max_id);
          if (auto seconds = fields.optional_int("slow_mode_seconds", 0, 86400)) {
            changes.slow_mode_seconds = static_cast<int>(*seconds);
          }
          auto reason = fields.required_text("reason", reason_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          changes.reason = *reason;
          return json_or_problem<Thread>(
              forget.after(
                  service->moderate_thread(context.db(), *target->actor, target->id, changes),
                  target->id),
              200, [](const auto& thread) {
                return nlohmann::json{{"thread", thread_json(thread)}};
              });
        });
      });

  router.add(Method::post, "/api/v1/threads/{thread_id}/posts",
             [service, forget](RouteContext& context) {
               auto target = signed_in_target(context, "thread_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto body = markdown_body(fields);
                 auto parent_id = fields.optional_int("parent_id", 1, max_id);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return json_or_problem<PostView>(
                     forget.after(service->reply(context.db(), *target->actor, target->id,
                                                 {*body, parent_id}),
                                  target->id),
                     201, [](const auto& post) {
                       return nlohmann::json{{"post", post_json(post)}};
                     });
               });
             },
             {.body_limit = writing_body_limit, .summary = "reply"});

  router.add(Method::put, "/api/v1/threads/{thread_id}/read",
             [service, forget](RouteContext& context) {
               auto target = signed_in_target(context, "thread_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto post_id = fields.required_int("last_read_post_id", 1, max_id);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return no_content_or_problem(forget.person_after(
                     service->mark_read(context.db(), *target->actor, target->id, *post_id),
                     target->actor->person_id));
               });
             });

  for (const auto method : {Method::post, Method::del}) {
    router.add(method, "/api/v1/threads/{thread_id}/watch",
               [service, method, forget](RouteContext& context) {
                 auto target = signed_in_target(context, "thread_id");
                 if (!target)
                   return http::problem(target.error());
                 return no_content_or_problem(
                     forget.person_after(service->watch_thread(context.db(), *target->actor,
                                                               target->id, method == Method::post),
                                         target->actor->person_id));
               });
  }
}

void post_routes(http::Router& router, const std::shared_ptr<Service>& service,
                 CacheForget forget) {
  router.add(Method::get, "/api/v1/posts/{post_id}", [service](RouteContext& context) {
    auto id = context.id("post_id");
    if (!id)
      return http::problem(id.error());
    return json_or_problem<Permalink>(
        service->permalink(context.db(), context.actor, *id), 200, [](const auto& link) {
          return nlohmann::json{
              {"post", post_json(link.post)},
              {"thread_id", link.post.post.thread_id},
              {"cursor", link.page_after ? nlohmann::json(encode_post_cursor(*link.page_after))
                                         : nlohmann::json()}};
        });
  });

  router.add(Method::patch, "/api/v1/posts/{post_id}",
             [service, forget](RouteContext& context) {
               auto target = signed_in_target(context, "post_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto body = markdown_body(fields);
                 auto note = fields.optional_text("note", note_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return json_or_problem<PostView>(
                     forget.after(service->edit_post(context.db(), *target->actor, target->id,
                                                     {*body, note}),
                                  std::nullopt),
                     200, [](const auto& post) {
                       return nlohmann::json{{"post", post_json(post)}};
                     });
               });
             },
             {.body_limit = writing_body_limit, .summary = "edit a post"});

  router.add(Method::del, "/api/v1/posts/{post_id}", [service, forget](RouteContext& context) {
    auto target = signed_in_target(context, "post_id");
    if (!target)
      return http::problem(target.error());
    return no_content_or_problem(
        forget.after(service->delete_post(context.db(), *target->actor, target->id), std::nullopt));
  });

  router.add(Method::get, "/api/v1/posts/{post_id}/revisions", [service](RouteContext& context) {
    auto id = context.id("post_id");
    if (!id)
      return http::problem(id.error());
    return json_or_problem<std::vector<Revision>>(
        service->revisions(context.db(), context.actor, *id), 200, [](const auto& revisions) {
          auto list = nlohmann::json::array();
          for (const auto& revision : revisions)
            list.push_back(revision_json(revision));
          return nlohmann::json{{"revisions", list}};
        });
  });

  const auto thanks_count = [](const std::int64_t& count) {
    return nlohmann::json{{"thanks_count", count}};
  };
  router.add(
      Method::post, "/api/v1/posts/{post_id}/thanks",
      [service, thanks_count, forget](RouteContext& context) {
        auto target = signed_in_target(context, "post_id");
        if (!target)
          return http::problem(target.error());
        return json_or_problem<std::int64_t>(
            forget.after(service->thank(context.db(), *target->actor, target->id), std::nullopt),
            201, thanks_count);
      });
  router.add(
      Method::del, "/api/v1/posts/{post_id}/thanks",
      [service, thanks_count, forget](RouteContext& context) {
        auto target = signed_in_target(context, "post_id");
        if (!target)
          return http::problem(target.error());
        return json_or_problem<std::int64_t>(
            forget.after(service->unthank(context.db(), *target->actor, target->id), std::nullopt),
            200, thanks_count);
      });
  router.add(Method::get, "/api/v1/posts/{post_id}/thanks", [service](RouteContext& context) {
    auto id = context.id("post_id");
    if (!id)
      return http::problem(id.error());
    return json_or_problem<std::vector<PersonRef>>(
        service->thankers(context.db(), context.actor, *id), 200, [](const auto& people) {
          auto list = nlohmann::json::array();
          for (const auto& person : people)
            list.push_back(person_json(person));
          return nlohmann::json{{"people", list}};
        });
  });

  for (const bool hiding : {true, false}) {
    router.add(Method::post,
               hiding ? "/api/v1/posts/{post_id}/hide" : "/api/v1/posts/{post_id}/restore",
               [service, hiding, forget](RouteContext& context) {
                 auto target = signed_in_target(context, "post_id");
                 if (!target)
                   return http::problem(target.error());
                 return with_fields(context, [&](JsonFields& fields) {
                   auto reason = fields.required_text("reason", reason_rule);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   auto post = forget.after(
                       hiding ? service->hide(context.db(), *target->actor, target->id, *reason)
                              : service->restore(context.db(), *target->actor, target->id, *reason),
                       std::nullopt);
                   return json_or_problem<PostView>(post, 200, [](const auto& view) {
                     return nlohmann::json{{"post", post_json(view)}};
                   });
                 });
               });
  }
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  register_routes(router, clock, nullptr);
}

void register_routes(http::Router& router, const Clock& clock, PageCache* thread_pages) {
  auto service = std::make_shared<Service>(clock);
  const CacheForget forget{thread_pages};
  category_routes(router, service, forget);
  thread_routes(router, service, forget);
  post_routes(router, service, forget);

  router.add(Method::post, "/api/v1/markdown/preview",
             [](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto body = markdown_body(fields);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 auto rendered = render_body(*body);
                 if (!rendered)
                   return http::problem(rendered.error());
                 return Response::json(200, {{"html", rendered->html}});
               });
             },
             {.body_limit = writing_body_limit, .summary = "preview markdown"});
}

}  // namespace plenary::discussions
