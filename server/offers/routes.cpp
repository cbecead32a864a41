// JSON ↔ the offers service: shapes and lengths are checked here, everything else there.
#include <limits>
#include <memory>

#include "accounts/tokens.hpp"
#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "offers/json.hpp"
#include "offers/module.hpp"
#include "offers/service.hpp"

namespace plenary::offers {
namespace {
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::TextRule;
using http::with_fields;

// Lengths are checked by the rules (with messages about offers); these only bound the input.
constexpr TextRule line_rule{.min_length = 0, .max_length = 1000};
constexpr TextRule text_rule{
    .min_length = 0, .max_length = 4000, .trim = true, .single_line = false};
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();
constexpr std::size_t max_skills = 100;

Response page_response(const Result<OfferPage>& page) {
  return http::json_or_problem(page, 200, [](const OfferPage& p) {
    return nlohmann::json{{"offer", officer_offer_json(p.offer)}, {"can", can_json(p.can)}};
  });
}

Response list_response(const Result<OfferList>& list) {
  return http::json_or_problem(list, 200, [](const OfferList& l) {
    auto offers = nlohmann::json::array();
    for (const auto& offer : l.offers)
      offers.push_back(officer_offer_json(offer));
    return nlohmann::json{{"offers", offers}, {"counts", counts_json(l.counts)}};
  });
}

Response offerer_response(const Result<OfferRecord>& offer) {
  return http::json_or_problem(offer, 200, [](const OfferRecord& o) {
    return nlohmann::json{{"offer", offerer_offer_json(o)}};
  });
}

// skill_ids: a list of positive ids. Nothing when the list is malformed.
std::optional<std::vector<std::int64_t>> skill_ids_of(const nlohmann::json& body) {
  std::vector<std::int64_t> ids;
  if (!body.contains("skill_ids") || body.at("skill_ids").is_null())
    return ids;
  const auto& value = body.at("skill_ids");
  if (!value.is_array() || value.size() > max_skills)
    return std::nullopt;
  for (const auto& item : value) {
    if (!item.is_number_integer() || item.get<std::int64_t>() <= 0)
      return std::nullopt;
    ids.push_back(item.get<std::int64_t>());
  }
  return ids;
}

void offerer_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/offers/skills", [service](RouteContext& context) {
    return http::json_or_problem(service->skills(context.db()), 200,
                                 [](const std::vector<Skill>& skills) {
                                   return nlohmann::json{{"skills", skills_json(skills)}};
                                 });
  });

  // Offering needs no account: the Origin check guards it, and the mailed link proves the
  // address. A signed-in request must still carry its session's CSRF token.
  router.add(
      Method::post, "/api/v1/offers",
      [service](RouteContext& context) {
        if (context.actor && !accounts::constant_time_equal(context.request.header("x-csrf-token"),
                                                            context.actor->csrf_token)) {
          return http::problem(forbidden(
              "This request lacks the security token of your session. Reload the page and try "
              "again.",
              "csrf_token_missing"));
        }
        return http::with_body(context, [&](nlohmann::json& body) {
          const auto skill_ids = skill_ids_of(body);
          body.erase("skill_ids");
          JsonFields fields(body);
          OfferInput input;
          if (skill_ids)
            input.skill_ids = *skill_ids;
          else
            fields.add_error("skill_ids", "Choose skills from the list.");
          const bool signed_in = context.actor != nullptr;
          // Signed in, the account's name and address are used; the form's are ignored.
          auto name = fields.optional_text("name", line_rule);
          auto email = fields.optional_text("email", line_rule);
          if (!signed_in) {
            input.name = name.value_or("");
            input.email = email.value_or("");
          }
          input.phone = fields.optional_text("phone", line_rule).value_or("");
          input.other_skills = fields.optional_text("other_skills", text_rule).value_or("");
          input.availability = fields.optional_text("availability", text_rule).value_or("");
          input.lives_in_group_id = fields.optional_int("lives_in_group_id", 1, max_id);
          input.works_in_group_id = fields.optional_int("works_in_group_id", 1, max_id);
          input.where_text = fields.optional_text("where_text", line_rule).value_or("");
          if (auto error = fields.finish())
            return http::problem(*error);
          auto created =
              service->offer(context.db(), context.actor, input, context.request.remote_address);
          if (!created)
            return http::problem(created.error());
          return Response::json(created->confirmation_needed ? 202 : 201,
                                {{"offer", offerer_offer_json(created->offer)},
                                 {"confirmation_needed", created->confirmation_needed}});
        });
      },
      {.csrf_token_required = false, .summary = "offer to volunteer"});

  router.add(Method::post, "/api/v1/offers/confirm",
             [service](RouteContext& context) {
               return with_fields(context, [&](JsonFields& fields) {
                 auto token = fields.required_text("token", line_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return offerer_response(service->confirm(context.db(), *token));
               });
             },
             {.csrf_token_required = false, .summary = "confirm an offer's email address"});

  router.add(Method::post, "/api/v1/offers/links",
             [service](RouteContext& context) {
               return with_fields(context, [&](JsonFields& fields) {
                 auto email = fields.required_text("email", line_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 if (auto sent = service->send_fresh_links(context.db(), *email,
                                                           context.request.remote_address);
                     !sent)
                   return http::problem(sent.error());
                 // The same answer whether or not the address made any offer.
                 return Response::json(202, {{"status", "sent"}});
               });
             },
             {.csrf_token_required = false, .summary = "mail fresh links to one's offers to help"});

  router.add(Method::get, "/api/v1/offers/status", [service](RouteContext& context) {
    const auto token = context.request.query_param("token");
    return offerer_response(
        service->status(context.db(), token ? std::string(*token) : std::string()));
  });

  router.add(Method::get, "/api/v1/offers/mine", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return http::json_or_problem(service->mine(context.db(), **actor), 200,
                                 [](const std::vector<OfferRecord>& offers) {
                                   auto list = nlohmann::json::array();
                                   for (const auto& offer : offers)
                                     list.push_back(offerer_offer_json(offer));
                                   return nlohmann::json{{"offers", list}};
                                 });
  });
}

void officer_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/offers/dashboard", [service](RouteContext& context) {
    return list_response(service->dashboard(context.db(), context.actor));
  });

  router.add(Method::get, "/api/v1/groups/{group_id}/offers", [service](RouteContext& context) {
    auto group_id = context.id("group_id");
    if (!group_id)
      return http::problem(group_id.error());
    return list_response(service->group_offers(context.db(), context.actor, *group_id));
  });

  router.add(Method::get, "/api/v1/offers/{offer_id}", [service](RouteContext& context) {
    auto offer_id = context.id("offer_id");
    if (!offer_id)
      return http::problem(offer_id.error());
    return page_response(service->view(context.db(), context.actor, *offer_id));
  });

  router.add(Method::post, "/api/v1/offers/{offer_id}/acknowledge",
             [service](RouteContext& context) {
               auto target = http::signed_in_target(context, "offer_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(
                   context,
                   [&](JsonFields& fields) {
                     auto note = fields.optional_text("note", text_rule).value_or("");
                     if (auto error = fields.finish())
                       return http::problem(*error);
                     return page_response(
                         service->acknowledge(context.db(), *target->actor, target->id, note));
                   },
                   true);
             },
             {.summary = "acknowledge an offer to volunteer"});

  router.add(
      Method::post, "/api/v1/offers/{offer_id}/outcome",
      [service](RouteContext& context) {
        auto target = http::signed_in_target(context, "offer_id");
        if (!target)
          return http::problem(target.error());
        return with_fields(context, [&](JsonFields& fields) {
          auto outcome = fields.required_choice("outcome", outcome_words.all());
          auto note = fields.optional_text("note", text_rule).value_or("");
          if (auto error = fields.finish())
            return http::problem(*error);
          return page_response(service->record_outcome(context.db(), *target->actor, target->id,
                                                       *outcome_words.parse(*outcome), note));
        });
      },
      {.summary = "record what followed an offer to volunteer"});
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock, const Settings& settings) {
  auto service = std::make_shared<Service>(clock, settings);
  offerer_routes(router, service);
  officer_routes(router, service);
}

}  // namespace plenary::offers
