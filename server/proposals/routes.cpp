// JSON ↔ the proposals service: shapes and lengths are checked here, everything else there.
#include <charconv>
#include <memory>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "proposals/json.hpp"
#include "proposals/module.hpp"
#include "proposals/service.hpp"
#include "votes/rules.hpp"

namespace plenary::proposals {
namespace {
using http::json_or_problem;
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_body;
using http::with_fields;

// A page cursor is the id of the last proposal shown, as the list gave it out.
std::optional<std::int64_t> parse_cursor_id(const std::string& text) {
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || end != text.data() + text.size() || id < 1)
    return std::nullopt;
  return id;
}

constexpr TextRule title_rule{.min_length = 1, .max_length = max_title_length};
constexpr TextRule decision_rule{
    .min_length = 1, .max_length = max_decision_length, .single_line = false};
// Markdown keeps its leading spaces and blank lines: they mean something.
constexpr TextRule body_rule{.trim = false, .single_line = false};
constexpr TextRule rationale_rule{.max_length = max_rationale_length, .single_line = false};
constexpr TextRule reason_rule{.max_length = 2000, .single_line = false};
constexpr TextRule note_rule{.max_length = 2000, .single_line = false};
constexpr TextRule outcome_rule{.min_length = 1, .single_line = false};
constexpr TextRule date_rule{.min_length = 1, .max_length = 10};
constexpr TextRule time_rule{.min_length = 1, .max_length = 40};
// A 50 KiB text may grow several times over as JSON escapes; its own limit is checked decoded.
constexpr std::size_t writing_body_limit = 512 * 1024;

const std::vector<std::string>& threshold_names() {
  static const std::vector<std::string> names = {"simple_majority", "two_thirds", "three_quarters"};
  return names;
}

const std::vector<std::string>& mode_names() {
  static const std::vector<std::string> names = {"ballot", "meeting"};
  return names;
}

// A markdown text: not blank, within `limit` bytes.
std::optional<std::string> markdown_text(JsonFields& fields, const std::string& name, bool required,
                                         std::size_t limit) {
  auto text =
      required ? fields.required_text(name, body_rule) : fields.optional_text(name, body_rule);
  if (!text)
    return std::nullopt;
  if (text->find_first_not_of(" \t\r\n") == std::string::npos) {
    fields.add_error(name, "Write the text first.");
    return std::nullopt;
  }
  if (text->size() > limit) {
    fields.add_error(name, "The text can be at most " + std::to_string(limit / 1024) +
                               " KiB long; this one is " +
                               std::to_string((text->size() + 1023) / 1024) + " KiB.");
    return std::nullopt;
  }
  return text;
}

Response page_or_problem(const Result<ProposalPage>& page, int status = 200) {
  return json_or_problem(page, status, proposal_page_json);
}

std::optional<TimePoint> time_field(JsonFields& fields, const std::string& name) {
  auto text = fields.optional_text(name, time_rule);
  if (!text)
    return std::nullopt;
  auto time = votes::parse_iso8601(*text);
  if (!time) {
    fields.add_error(name, "Give a date and time like 2026-11-21T18:00:00Z.");
  }
  return time;
}

// The ballot terms of a schedule request: an object of its own, read field by field, with
// errors named "ballot.<field>".
BallotTerms ballot_terms(const nlohmann::json& object, JsonFields& outer) {
  JsonFields fields(object);
  BallotTerms terms;
  terms.opens_at = time_field(fields, "opens_at");
  terms.closes_at = time_field(fields, "closes_at");
  terms.threshold =
      fields.optional_choice("threshold", threshold_names()).value_or("simple_majority");
  terms.quorum_percent =
      static_cast<int>(fields.optional_int("quorum_percent", 0, 100).value_or(0));
  terms.secret = fields.optional_bool("secret").value_or(true);
  terms.include_subgroups = fields.optional_bool("include_subgroups").value_or(false);
  terms.include_supporters = fields.optional_bool("include_supporters").value_or(false);
  if (auto date = fields.optional_text("joined_on_or_before", date_rule)) {
    if (votes::valid_date(*date)) {
      terms.joined_on_or_before = *date;
    } else {
      fields.add_error("joined_on_or_before", "Give a date like 2026-09-01.");
    }
  }
  if (!terms.closes_at && !fields.has("closes_at"))
    fields.add_error("closes_at", "Say when voting closes.");
  if (auto error = fields.finish()) {
    for (const auto& field : error->fields)
      outer.add_error("ballot." + field.field, field.message);
  }
  return terms;
}

void settings_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/groups/{group_id}/proposal-settings",
             [service](RouteContext& context) {
               auto id = context.id("group_id");
               if (!id)
                 return http::problem(id.error());
               return json_or_problem(service->settings(context.db(), context.actor, *id), 200,
                                      settings_json);
             });

  router.add(Method::put, "/api/v1/groups/{group_id}/proposal-settings",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 SupportSettings settings;
                 if (auto count = fields.optional_int("support_count", 1, 1'000'000))
                   settings.support_count = static_cast<int>(*count);
                 if (auto percent = fields.optional_int("support_percent", 1, 100))
                   settings.support_percent = static_cast<int>(*percent);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return json_or_problem(
                     service->save_settings(context.db(), *target->actor, target->id, settings),
                     200, settings_json);
               });
             });
}

void proposal_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::post, "/api/v1/groups/{group_id}/proposals",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto title = fields.required_text("title", title_rule);
                 auto body = markdown_text(fields, "body", true, max_body_bytes);
                 auto decision = fields.required_text("decision", decision_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return page_or_problem(service->create(context.db(), *target->actor, target->id,
                                                        {*title, *body, *decision}),
                                        201);
               });
             },
             {.body_limit = writing_body_limit, .summary = "draft a proposal"});

  router.add(Method::get, "/api/v1/groups/{group_id}/proposals", [service](RouteContext& context) {
    auto id = context.id("group_id");
    if (!id)
      return http::problem(id.error());
    std::optional<State> state;
    if (auto text = context.request.query_param("state"); text && !text->empty()) {
      state = parse_state(*text);
      if (!state)
        return http::problem(invalid_field(
            "state", "There is no proposal state called '" + text->substr(0, 40) + "'."));
    }
    std::optional<std::int64_t> before;
    if (auto text = context.request.query_param("cursor"); text && !text->empty()) {
      before = parse_cursor_id(*text);
      if (!before)
        return http::problem(invalid_field(
            "cursor", "The 'cursor' is not one this server gave out: start again from the top."));
    }
    return json_or_problem(
        service->list(context.db(), context.actor, *id, state, before), 200,
        [](const ProposalList& list) {
          auto proposals = nlohmann::json::array();
          for (const auto& summary : list.proposals)
            proposals.push_back(proposal_summary_json(summary));
          return nlohmann::json{
              {"proposals", proposals},
              {"can_create", list.can_create},
              {"next_cursor", list.next_before ? nlohmann::json(std::to_string(*list.next_before))
                                               : nlohmann::json(nullptr)}};
        });
  });

  router.add(Method::get, "/api/v1/proposals/{proposal_id}", [service](RouteContext& context) {
    auto id = context.id("proposal_id");
    if (!id)
      return http::problem(id.error());
    return page_or_problem(service->view(context.db(), context.actor, *id));
  });

  router.add(
      Method::patch, "/api/v1/proposals/{proposal_id}",
      [service](RouteContext& context) {
        auto target = signed_in_target(context, "proposal_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          ProposalChanges changes;
          changes.title = fields.optional_text("title", title_rule);
          changes.body = markdown_text(fields, "body", false, max_body_bytes);
          changes.decision = fields.optional_text("decision", decision_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          return page_or_problem(service->edit(context.db(), *target->actor, target->id, changes));
        });
      },
      {.body_limit = writing_body_limit, .summary = "edit a draft proposal"});

  router.add(Method::post, "/api/v1/proposals/{proposal_id}/publish",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "proposal_id");
               if (!target)
                 return http::problem(target.error());
               return page_or_problem(service->publish(context.db(), *target->actor, target->id));
             });

  for (const bool supporting : {true, false}) {
    router.add(supporting ? Method::post : Method::del, "/api/v1/proposals/{proposal_id}/support",
               [service, supporting](RouteContext& context) {
                 auto target = signed_in_target(context, "proposal_id");
                 if (!target)
                   return http::problem(target.error());
                 return page_or_problem(
                     service->support(context.db(), *target->actor, target->id, supporting));
               });
  }

  router.add(Method::post, "/api/v1/proposals/{proposal_id}/amendments",
             [service](RouteContext& context) {
               auto target = signed_in_target(context, "proposal_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 auto body = markdown_text(fields, "body", true, max_body_bytes);
                 auto rationale = fields.optional_text("rationale", rationale_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return json_or_problem(
                     service->amend(context.db(), *target->actor, target->id, *body,
                                    rationale.value_or("")),
                     201, [](const Amendment& amendment) {
                       return nlohmann::json{{"amendment", amendment_json(amendment)}};
                     });
               });
             },
             {.body_limit = writing_body_limit, .summary = "propose an amendment"});

  router.add(
      Method::post, "/api/v1/proposals/{proposal_id}/amendments/{amendment_id}/withdraw",
      [service](RouteContext& context) {
        auto target = signed_in_target(context, "proposal_id");
        if (!target)
          return http::problem(target.error());
        auto amendment_id = context.id("amendment_id");
        if (!amendment_id)
          return http::problem(amendment_id.error());
        return json_or_problem(
            service->withdraw_amendment(context.db(), *target->actor, target->id, *amendment_id),
            200, [](const Amendment& amendment) {
              return nlohmann::json{{"amendment", amendment_json(amendment)}};
            });
      });

  router.add(
      Method::post, "/api/v1/proposals/{proposal_id}/schedule", [service](RouteContext& context) {
        auto target = signed_in_target(context, "proposal_id");
        if (!target)
          return http::problem(target.error());
        return with_body(context, [&](nlohmann::json& body) {
          // The ballot's terms are an object, which JsonFields does not read: take them
          // out first.
          std::optional<nlohmann::json> ballot;
          if (auto found = body.find("ballot"); found != body.end()) {
            if (!found->is_null())
              ballot = *found;
            body.erase(found);
          }
          JsonFields fields(body);
          ScheduleRequest request;
          auto mode = fields.required_choice("mode", mode_names());
          request.note = fields.optional_text("note", note_rule).value_or("");
          if (mode == "meeting") {
            request.mode = ScheduleMode::meeting;
            if (ballot)
              fields.add_error("ballot", "A proposal for a meeting has no ballot terms.");
          } else if (mode == "ballot") {
            if (!ballot || !ballot->is_object()) {
              fields.add_error("ballot", "Give the ballot's terms: at least when voting closes.");
            } else {
              request.terms = ballot_terms(*ballot, fields);
            }
          }
          if (auto error = fields.finish())
            return http::problem(*error);
          return json_or_problem(
              service->schedule(context.db(), *target->actor, target->id, request), 200,
              [](const Scheduled& scheduled) {
                return nlohmann::json{
                    {"proposal", proposal_json(scheduled.page)},
                    {"stage",
                     scheduled.stage == ScheduleStage::amendments ? "amendments" : "main"}};
              });
        });
      });

  router.add(
      Method::post, "/api/v1/proposals/{proposal_id}/withdraw", [service](RouteContext& context) {
        auto target = signed_in_target(context, "proposal_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(
            context,
            [&](JsonFields& fields) {
              auto reason = fields.optional_text("reason", reason_rule);
              if (auto error = fields.finish())
                return http::problem(*error);
              return page_or_problem(
                  service->withdraw(context.db(), *target->actor, target->id, reason.value_or("")));
            },
            true);
      });

  router.add(
      Method::post, "/api/v1/proposals/{proposal_id}/outcome",
      [service](RouteContext& context) {
        auto target = signed_in_target(context, "proposal_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          auto text = fields.required_text("text", outcome_rule);
          if (text && text->size() > max_outcome_bytes) {
            fields.add_error("text", "The record can be at most " +
                                         std::to_string(max_outcome_bytes / 1024) + " KiB long.");
          }
          if (auto error = fields.finish())
            return http::problem(*error);
          return page_or_problem(
              service->record_outcome(context.db(), *target->actor, target->id, *text));
        });
      },
      {.body_limit = writing_body_limit, .summary = "record what was done about a proposal"});
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock, votes::Service& votes) {
  auto service = std::make_shared<Service>(clock, votes);
  settings_routes(router, service);
  proposal_routes(router, service);
}

}  // namespace plenary::proposals
