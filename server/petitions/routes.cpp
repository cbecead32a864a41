// JSON ↔ the petitions service: shapes and lengths are checked here, everything else there.
#include <charconv>
#include <limits>
#include <memory>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "petitions/json.hpp"
#include "petitions/module.hpp"
#include "petitions/rules.hpp"
#include "petitions/service.hpp"

namespace plenary::petitions {
namespace {
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::TextRule;
using http::with_fields;

// Lengths are checked by the rules (with messages about petitions); these only bound the input.
constexpr TextRule line_rule{.min_length = 0, .max_length = 1000};
constexpr TextRule statement_rule{.max_length = 0, .trim = false, .single_line = false};
constexpr std::size_t creation_body_limit = 128 * 1024;
constexpr std::int64_t max_id = std::numeric_limits<std::int64_t>::max();

std::string slug_of(const RouteContext& context) {
  return std::string(context.parameter("slug"));
}

Response petition_response(const Result<Petition>& petition, int status) {
  return http::json_or_problem(petition, status, [](const Petition& p) {
    return nlohmann::json{{"petition", petition_json(p)}};
  });
}

Response status_response(const Status& status, int code, const char* word) {
  if (!status)
    return http::problem(status.error());
  return Response::json(code, {{"status", word}});
}

// Actions behind the links in the confirmation mail: a token in the body, no session.
template <class Use>
Response with_token(RouteContext& context, Use&& use) {
  return with_fields(context, [&](JsonFields& fields) {
    auto token = fields.required_text("token", line_rule);
    if (auto error = fields.finish())
      return http::problem(*error);
    return use(*token);
  });
}

void officer_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::post, "/api/v1/groups/{group_id}/petitions",
             [service](RouteContext& context) {
               auto target = http::signed_in_target(context, "group_id");
               if (!target)
                 return http::problem(target.error());
               return with_fields(context, [&](JsonFields& fields) {
                 NewPetition spec;
                 spec.group_id = target->id;
                 spec.title = fields.required_text("title", line_rule).value_or("");
                 spec.statement = fields.required_text("statement", statement_rule).value_or("");
                 spec.target = fields.required_text("target", line_rule).value_or("");
                 spec.slug = fields.optional_text("slug", line_rule);
                 spec.closes_at = fields.optional_text("closes_at", line_rule);
                 if (auto error = fields.finish())
                   return http::problem(*error);
                 return petition_response(service->create(context.db(), *target->actor, spec), 201);
               });
             },
             {.body_limit = creation_body_limit, .summary = "start a petition"});

  router.add(
      Method::get, "/api/v1/petitions/{slug}/signatures.csv", [service](RouteContext& context) {
        auto csv = service->export_csv(context.db(), context.actor, slug_of(context));
        if (!csv)
          return http::problem(csv.error());
        auto response = Response::text(200, *csv, "text/csv; charset=utf-8");
        response.set_header("content-disposition",
                            "attachment; filename=\"" + slug_of(context) + "-signatures.csv\"");
        response.set_header("cache-control", "no-store");
        return response;
      });

  router.add(Method::get, "/api/v1/petitions/{slug}/breakdown", [service](RouteContext& context) {
    return http::json_or_problem(service->breakdown(context.db(), context.actor, slug_of(context)),
                                 200, [](const Breakdown& b) { return breakdown_json(b); });
  });

  router.add(Method::post, "/api/v1/petitions/{slug}/close", [service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return petition_response(service->close(context.db(), **actor, slug_of(context)), 200);
  });
}

void public_routes(http::Router& router, const std::shared_ptr<Service>& service) {
  router.add(Method::get, "/api/v1/groups/{group_id}/petitions", [service](RouteContext& context) {
    auto group_id = context.id("group_id");
    if (!group_id)
      return http::problem(group_id.error());
    return http::json_or_problem(
        service->list(context.db(), context.actor, *group_id), 200, [](const PetitionList& list) {
          auto petitions = nlohmann::json::array();
          for (const auto& petition : list.petitions)
            petitions.push_back(petition_json(petition));
          return nlohmann::json{{"petitions", petitions}, {"can_create", list.can_create}};
        });
  });

  router.add(Method::get, "/api/v1/petitions/{slug}", [service](RouteContext& context) {
    return http::json_or_problem(service->view(context.db(), context.actor, slug_of(context)), 200,
                                 [](const PetitionPage& page) {
                                   return nlohmann::json{
                                       {"petition", petition_json(page.petition)},
                                       {"counts", counts_json(page.counts)},
                                       {"recent_signers", signers_json(page.recent_signers)},
                                       {"can", can_json(page.can)}};
                                 });
  });

  router.add(Method::get, "/api/v1/petitions/{slug}/signers", [service](RouteContext& context) {
    std::optional<std::int64_t> before;
    if (auto cursor = context.request.query_param("cursor"); cursor && !cursor->empty()) {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), id);
      if (ec != std::errc{} || end != cursor->data() + cursor->size() || id <= 0)
        return http::problem(bad_request("The cursor is not one this server gave out."));
      before = id;
    }
    return http::json_or_problem(
        service->signers(context.db(), slug_of(context), before), 200, [](const SignerPage& page) {
          return nlohmann::json{{"signers", signers_json(page.signers)},
                                {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                                                 : nlohmann::json(nullptr)}};
        });
  });

  // Signing needs no account: the Origin check guards it, and the mailed link proves the address.
  router.add(
      Method::post, "/api/v1/petitions/{slug}/signatures",
      [service](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          SignatureInput input;
          input.name = fields.required_text("name", line_rule).value_or("");
          input.email = fields.required_text("email", line_rule).value_or("");
          input.postcode = fields.required_text("postcode", line_rule).value_or("");
          input.group_id = fields.optional_int("group_id", 1, max_id);
          input.hide_name = fields.optional_bool("hide_name").value_or(false);
          input.keep_updated = fields.optional_bool("keep_updated").value_or(false);
          if (auto error = fields.finish())
            return http::problem(*error);
          const SignOrigin origin{context.request.remote_address, http::request_site(context)};
          return status_response(service->sign(context.db(), slug_of(context), input, origin), 202,
                                 "pending");
        });
      },
      {.csrf_token_required = false, .summary = "sign a petition"});

  router.add(Method::post, "/api/v1/petitions/{slug}/confirm",
             [service](RouteContext& context) {
               return with_token(context, [&](const std::string& token) {
                 return status_response(service->confirm(context.db(), slug_of(context), token),
                                        200, "confirmed");
               });
             },
             {.csrf_token_required = false, .summary = "confirm a signature"});

  router.add(Method::post, "/api/v1/petitions/{slug}/withdraw",
             [service](RouteContext& context) {
               return with_token(context, [&](const std::string& token) {
                 return status_response(service->withdraw(context.db(), slug_of(context), token),
                                        200, "withdrawn");
               });
             },
             {.csrf_token_required = false, .summary = "withdraw a signature"});

  router.add(Method::post, "/api/v1/petitions/{slug}/updates/stop",
             [service](RouteContext& context) {
               return with_token(context, [&](const std::string& token) {
                 return status_response(
                     service->stop_updates(context.db(), slug_of(context), token), 200, "stopped");
               });
             },
             {.csrf_token_required = false, .summary = "stop a signer's updates"});
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock) {
  auto service = std::make_shared<Service>(clock);
  officer_routes(router, service);
  public_routes(router, service);
}

}  // namespace plenary::petitions
