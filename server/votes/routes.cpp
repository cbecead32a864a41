// JSON ↔ the votes service: shapes and lengths are checked here, everything else there.
#include <limits>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "votes/json.hpp"
#include "votes/module.hpp"
#include "votes/rules.hpp"

namespace plenary::votes {
namespace {
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_body;

// Lengths are checked by the rules (with messages about ballots); these only bound the input.
constexpr TextRule title_rule{.min_length = 0, .max_length = 1000};
constexpr TextRule description_rule{.max_length = 0, .trim = false, .single_line = false};
constexpr TextRule short_text_rule{.max_length = 100};
constexpr std::size_t creation_body_limit = 256 * 1024;

// A field taken out of the body before JsonFields sees the rest (it reads scalars only).
std::optional<nlohmann::json> take(nlohmann::json& body, const std::string& name) {
  auto found = body.find(name);
  if (found == body.end())
    return std::nullopt;
  std::optional<nlohmann::json> value;
  if (!found->is_null())
    value = *found;
  body.erase(found);
  return value;
}

std::optional<TimePoint> time_field(JsonFields& fields, const std::string& name) {
  auto text = fields.optional_text(name, short_text_rule);
  if (!text)
    return std::nullopt;
  auto time = parse_iso8601(*text);
  if (!time) {
    fields.add_error(name, "Give the time in ISO 8601 with its offset, e.g. 2026-11-21T18:00:00Z.");
  }
  return time;
}

std::optional<Marks> marks_field(JsonFields& fields, const std::optional<nlohmann::json>& raw) {
  if (!raw) {
    fields.add_error("marks", "'marks' is required: the numbers of the options you choose.");
    return std::nullopt;
  }
  Marks marks;
  if (raw->is_array() && raw->size() <= static_cast<std::size_t>(max_options)) {
    for (const auto& mark : *raw) {
      if (!mark.is_number_integer() || mark.get<std::int64_t>() < 1 ||
          mark.get<std::int64_t>() > max_options) {
        marks.clear();
        break;
      }
      marks.push_back(mark.get<int>());
    }
    if (marks.size() == raw->size())
      return marks;
  }
  fields.add_error("marks", "'marks' must be a list of option numbers, such as [2] or [3, 1].");
  return std::nullopt;
}

void read_options(JsonFields& fields, const std::optional<nlohmann::json>& raw, NewBallot& spec) {
  if (!raw)
    return;
  if (!raw->is_array() || raw->size() > static_cast<std::size_t>(max_options)) {
    fields.add_error("options", "'options' must be a list of at most 100 {label, description}.");
    return;
  }
  for (std::size_t i = 0; i < raw->size(); ++i) {
    const auto& option = (*raw)[i];
    const std::string field = "options[" + std::to_string(i) + "]";
    if (!option.is_object() || !option.contains("label") || !option["label"].is_string()) {
      fields.add_error(field, "Each option needs a 'label' (text).");
      continue;
    }
    std::string description;
    if (option.contains("description") && !option["description"].is_null()) {
      if (!option["description"].is_string()) {
        fields.add_error(field + ".description", "An option's description is text.");
        continue;
      }
      description = option["description"].get<std::string>();
    }
    for (const auto& [key, value] : option.items()) {
      if (key != "label" && key != "description")
        fields.add_error(field + "." + key, "'" + key + "' is not a field of an option.");
    }
    spec.options.emplace_back(option["label"].get<std::string>(), std::move(description));
  }
}

void read_eligibility(JsonFields& fields, std::optional<nlohmann::json> raw, NewBallot& spec) {
  if (!raw)
    return;
  if (!raw->is_object()) {
    fields.add_error("eligibility", "'eligibility' must be an object.");
    return;
  }
  JsonFields eligibility(*raw);
  spec.include_subgroups = eligibility.optional_bool("include_subgroups").value_or(false);
  spec.include_supporters = eligibility.optional_bool("include_supporters").value_or(false);
  spec.joined_on_or_before = eligibility.optional_text("joined_on_or_before", short_text_rule);
  if (auto error = eligibility.finish()) {
    for (auto& problem : error->fields)
      fields.add_error("eligibility." + problem.field, problem.message);
  }
}

Result<NewBallot> new_ballot_from(nlohmann::json& body, std::int64_t group_id) {
  NewBallot spec;
  spec.group_id = group_id;
  const auto options = take(body, "options");
  const auto eligibility = take(body, "eligibility");
  JsonFields fields(body);
  spec.title = fields.required_text("title", title_rule).value_or("");
  spec.description = fields.optional_text("description", description_rule).value_or("");
  spec.method = fields.required_choice("method", method_names()).value_or("yes_no");
  spec.seats = static_cast<int>(fields.optional_int("seats", 1, 100).value_or(1));
  spec.threshold =
      fields.optional_choice("threshold", threshold_names()).value_or("simple_majority");
  spec.quorum_percent = static_cast<int>(fields.optional_int("quorum_percent", 0, 100).value_or(0));
  spec.secret = fields.optional_bool("secret").value_or(true);
  spec.time_zone = fields.optional_text("time_zone", short_text_rule);
  spec.manual = fields.optional_bool("manual").value_or(false);
  spec.opens_at = time_field(fields, "opens_at");
  spec.closes_at = time_field(fields, "closes_at");
  read_options(fields, options, spec);
  read_eligibility(fields, eligibility, spec);
  if (auto error = fields.finish())
    return *error;
  return spec;
}

Response ballot_response(const Result<Ballot>& ballot, int status) {
  if (!ballot)
    return http::problem(ballot.error());
  return Response::json(status, {{"ballot", ballot_json(*ballot)}});
}

Response receipt_response(const Result<CastReceipt>& receipt) {
  if (!receipt)
    return http::problem(receipt.error());
  return Response::json(receipt->created ? 201 : 200,
                        {{"tracker", receipt->tracker}, {"replaced", receipt->replaced}});
}

void ballot_admin_routes(http::Router& router, Service& service) {
  router.add(Method::post, "/api/v1/groups/{group_id}/ballots",
             [&service](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               auto group_id = context.id("group_id");
               if (!group_id)
                 return http::problem(group_id.error());
               return with_body(context, [&](nlohmann::json& body) {
                 auto spec = new_ballot_from(body, *group_id);
                 if (!spec)
                   return http::problem(spec.error());
                 return ballot_response(service.create(context.db(), **actor, *spec), 201);
               });
             },
             {.body_limit = creation_body_limit, .summary = "create a ballot"});

  router.add(Method::get, "/api/v1/groups/{group_id}/ballots", [&service](RouteContext& context) {
    auto group_id = context.id("group_id");
    if (!group_id)
      return http::problem(group_id.error());
    auto list = service.list(context.db(), context.actor, *group_id);
    if (!list)
      return http::problem(list.error());
    auto ballots = nlohmann::json::array();
    for (const auto& ballot : list->ballots)
      ballots.push_back(ballot_json(ballot));
    return Response::json(200, {{"ballots", ballots}, {"can_create", list->can_create}});
  });

  router.add(Method::get, "/api/v1/ballots/{ballot_id}", [&service](RouteContext& context) {
    auto id = context.id("ballot_id");
    if (!id)
      return http::problem(id.error());
    auto view = service.view(context.db(), context.actor, *id);
    if (!view)
      return http::problem(view.error());
    return Response::json(200,
                          {{"ballot", ballot_json(view->ballot)},
                           {"my", view->my ? standing_json(*view->my) : nlohmann::json(nullptr)},
                           {"can", can_json(view->can)}});
  });

  using Step = Result<Ballot> (Service::*)(db::Connection&, const Actor&, std::int64_t);
  const std::vector<std::pair<std::string, Step>> steps = {
      {"open", &Service::open}, {"close", &Service::close}, {"cancel", &Service::cancel}};
  for (const auto& [name, step] : steps) {
    router.add(Method::post, "/api/v1/ballots/{ballot_id}/" + name,
               [&service, step](RouteContext& context) {
                 auto target = signed_in_target(context, "ballot_id");
                 if (!target)
                   return http::problem(target.error());
                 return ballot_response((service.*step)(context.db(), *target->actor, target->id),
                                        200);
               });
  }
}

void voting_routes(http::Router& router, Service& service) {
  router.add(Method::post, "/api/v1/ballots/{ballot_id}/votes", [&service](RouteContext& context) {
    auto target = signed_in_target(context, "ballot_id");
    if (!target)
      return http::problem(target.error());
    return with_body(context, [&](nlohmann::json& body) {
      const auto raw_marks = take(body, "marks");
      JsonFields fields(body);
      auto marks = marks_field(fields, raw_marks);
      auto tracker = fields.optional_text("tracker", short_text_rule);
      if (auto error = fields.finish())
        return http::problem(*error);
      return receipt_response(
          service.cast(context.db(), *target->actor, target->id, *marks, tracker));
    });
  });

  router.add(Method::post, "/api/v1/ballots/{ballot_id}/votes/replace",
             [&service](RouteContext& context) {
               auto target = signed_in_target(context, "ballot_id");
               if (!target)
                 return http::problem(target.error());
               return with_body(context, [&](nlohmann::json& body) {
                 const auto raw_marks = take(body, "marks");
                 JsonFields fields(body);
                 auto marks = marks_field(fields, raw_marks);
                 auto tracker = fields.required_text("tracker", short_text_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return receipt_response(
                     service.replace(context.db(), *target->actor, target->id, *tracker, *marks));
               });
             });
}

void publication_routes(http::Router& router, Service& service) {
  router.add(Method::get, "/api/v1/ballots/{ballot_id}/results", [&service](RouteContext& context) {
    auto id = context.id("ballot_id");
    if (!id)
      return http::problem(id.error());
    auto result = service.results(context.db(), context.actor, *id);
    if (!result)
      return http::problem(result.error());
    return Response::json(200, {{"result", *result}});
  });

  router.add(Method::get, "/api/v1/ballots/{ballot_id}/trackers",
             [&service](RouteContext& context) {
               auto id = context.id("ballot_id");
               if (!id)
                 return http::problem(id.error());
               auto trackers = service.trackers(context.db(), context.actor, *id);
               if (!trackers)
                 return http::problem(trackers.error());
               return Response::json(200, {{"trackers", *trackers}});
             });

  // Signed-out readers may check a tracker too: the CSRF token cannot be asked of them.
  router.add(Method::post, "/api/v1/ballots/{ballot_id}/trackers/check",
             [&service](RouteContext& context) {
               auto id = context.id("ballot_id");
               if (!id)
                 return http::problem(id.error());
               return with_body(context, [&](nlohmann::json& body) {
                 JsonFields fields(body);
                 auto tracker = fields.required_text("tracker", short_text_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 auto counted = service.tracker_counted(context.db(), *id, *tracker);
                 if (!counted)
                   return http::problem(counted.error());
                 return Response::json(200, {{"counted", *counted}});
               });
             },
             {.csrf_token_required = false, .summary = "check a tracker was counted"});

  router.add(Method::get, "/api/v1/ballots/{ballot_id}/ballots", [&service](RouteContext& context) {
    auto id = context.id("ballot_id");
    if (!id)
      return http::problem(id.error());
    auto published = service.published_ballots(context.db(), context.actor, *id);
    if (!published)
      return http::problem(published.error());
    auto ballots = nlohmann::json::array();
    for (const auto& marks : published->ballots)
      ballots.push_back({{"marks", marks}});
    nlohmann::json body = {{"ballots", ballots}};
    if (published->roll_call) {
      auto roll_call = nlohmann::json::array();
      for (const auto& entry : *published->roll_call) {
        roll_call.push_back(
            {{"person", {{"id", entry.person.id}, {"display_name", entry.person.display_name}}},
             {"marks", entry.marks}});
      }
      body["roll_call"] = roll_call;
    }
    return Response::json(200, body);
  });

  router.add(Method::get, "/api/v1/ballots/{ballot_id}/ballots.blt",
             [&service](RouteContext& context) {
               auto id = context.id("ballot_id");
               if (!id)
                 return http::problem(id.error());
               auto file = service.blt(context.db(), context.actor, *id);
               if (!file)
                 return http::problem(file.error());
               auto response = Response::text(200, file->text);
               response.set_header("content-disposition",
                                   "attachment; filename=\"" + file->filename + "\"");
               return response;
             });
}

}  // namespace

void register_routes(http::Router& router, Service& service) {
  ballot_admin_routes(router, service);
  voting_routes(router, service);
  publication_routes(router, service);
}

}  // namespace plenary::votes
