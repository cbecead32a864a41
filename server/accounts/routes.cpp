#include "accounts/routes.hpp"

#include "accounts/tokens.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"

namespace plenary::accounts {
namespace {
using http::JsonFields;
using http::Response;
using http::RouteContext;
using http::TextRule;

constexpr TextRule display_name_rule{.min_length = 1, .max_length = 100};
constexpr TextRule password_rule{.min_length = 1, .max_length = 200, .trim = false};
constexpr TextRule token_rule{.min_length = 1, .max_length = 200};

RequestOrigin origin_of(const http::Request& request) {
  return {request.remote_address, std::string(request.header("user-agent"))};
}

// Parses the body and runs `use` on its fields; any shape error becomes a problem response.
template <class Use>
Response with_fields(const RouteContext& context, Use&& use) {
  auto body = http::parse_json_object(context.request);
  if (!body)
    return http::problem(body.error());
  JsonFields fields(*body);
  return use(fields);
}

Response session_response(const SignedIn& signed_in, bool secure) {
  auto response = Response::json(
      200, {{"person", person_json(signed_in.person, true)}, {"csrf_token", signed_in.csrf_token}});
  response.set_header("set-cookie", session_cookie(signed_in.session_token,
                                                   {.secure = secure,
                                                    .max_age_seconds = signed_in.max_age_seconds}));
  return response;
}

Response expired_cookie(bool secure) {
  auto response = Response::no_content();
  response.set_header("set-cookie", session_cookie("", {.secure = secure, .max_age_seconds = 0}));
  return response;
}

}  // namespace

nlohmann::json person_json(const Person& person, bool include_email) {
  nlohmann::json json = {{"id", person.id},
                         {"display_name", person.display_name},
                         {"email_verified", person.email_verified},
                         {"site_admin", person.site_admin},
                         {"hidden_from_directory", person.hidden_from_directory}};
  if (include_email)
    json["email"] = person.email;
  return json;
}

http::Authenticator make_authenticator(Service& service) {
  return [&service](db::Connection& db, const http::Request& request) -> std::optional<Actor> {
    auto token = request.cookie(session_cookie_name);
    if (!token)
      return std::nullopt;
    return service.authenticate(db, *token);
  };
}

http::MemoryAuthenticator make_memory_authenticator(const Service& service) {
  return [&service](const http::Request& request) -> std::optional<http::KnownViewer> {
    auto token = request.cookie(session_cookie_name);
    if (!token)
      return http::KnownViewer{};
    auto actor = service.authenticate_from_memory(*token);
    if (!actor)
      return std::nullopt;
    return http::KnownViewer{std::move(actor)};
  };
}

void register_routes(http::Router& router, Service& service, RouteOptions options) {
  const bool secure = options.secure_cookies;
  const http::RouteOptions no_session{.csrf_token_required = false};

  router.add(
      http::Method::post, "/api/v1/accounts",
      [&service](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          auto email = fields.required_email("email");
          auto password = fields.required_text("password", password_rule);
          auto name = fields.required_text("display_name", display_name_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          auto person = service.register_account(context.db(), *email, *password, *name,
                                                 origin_of(context.request));
          if (!person)
            return http::problem(person.error());
          return Response::json(201, {{"person", person_json(*person, true)}});
        });
      },
      no_session);

  router.add(
      http::Method::post, "/api/v1/accounts/verify-email",
      [&service](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          auto token = fields.required_text("token", token_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          auto person = service.verify_email(context.db(), *token);
          if (!person)
            return http::problem(person.error());
          return Response::json(200, {{"person", person_json(*person, true)}});
        });
      },
      no_session);

  router.add(http::Method::post, "/api/v1/accounts/resend-verification",
             [&service](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               auto sent = service.resend_verification(context.db(), **actor);
               if (!sent)
                 return http::problem(sent.error());
               return Response::json(202, {{"status", "sent"}});
             });

  router.add(
      http::Method::post, "/api/v1/session",
      [&service, secure](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          auto email = fields.required_email("email");
          auto password = fields.required_text("password", password_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          auto signed_in =
              service.sign_in(context.db(), *email, *password, origin_of(context.request));
          if (!signed_in)
            return http::problem(signed_in.error());
          return session_response(*signed_in, secure);
        });
      },
      no_session);

  router.add(http::Method::get, "/api/v1/session", [&service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    auto person = service.person(context.db(), **actor);
    if (!person)
      return http::problem(person.error());
    return Response::json(
        200, {{"person", person_json(*person, true)}, {"csrf_token", (*actor)->csrf_token}});
  });

  router.add(http::Method::del, "/api/v1/session", [&service, secure](RouteContext& context) {
    if (context.actor) {
      auto status = service.sign_out(context.db(), *context.actor);
      if (!status)
        return http::problem(status.error());
    }
    return expired_cookie(secure);
  });

  router.add(http::Method::get, "/api/v1/sessions", [&service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    auto sessions = service.sessions(context.db(), **actor);
    if (!sessions)
      return http::problem(sessions.error());
    auto list = nlohmann::json::array();
    for (const auto& s : *sessions) {
      list.push_back({{"id", s.id},
                      {"created_at", s.created_at},
                      {"last_seen_at", s.last_seen_at},
                      {"user_agent", s.user_agent},
                      {"ip_address", s.ip_address},
                      {"current", s.current}});
    }
    return Response::json(200, {{"sessions", list}});
  });

  router.add(http::Method::del, "/api/v1/sessions/{session_id}",
             [&service, secure](RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               auto id = context.id("session_id");
               if (!id)
                 return http::problem(id.error());
               auto revoked = service.revoke_session(context.db(), **actor, *id);
               if (!revoked)
                 return http::problem(revoked.error());
               // Revoking the session in use signs this browser out as well.
               return *id == (*actor)->session_id ? expired_cookie(secure) : Response::no_content();
             });

  router.add(http::Method::post, "/api/v1/accounts/password", [&service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return with_fields(context, [&](JsonFields& fields) {
      auto current = fields.required_text("current_password", password_rule);
      auto next = fields.required_text("new_password", password_rule);
      if (auto error = fields.finish())
        return http::problem(*error);
      auto changed = service.change_password(context.db(), **actor, *current, *next);
      if (!changed)
        return http::problem(changed.error());
      return Response::no_content();
    });
  });

  router.add(
      http::Method::post, "/api/v1/accounts/password-reset",
      [&service](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          auto email = fields.required_email("email");
          if (auto error = fields.finish())
            return http::problem(*error);
          auto requested =
              service.request_password_reset(context.db(), *email, origin_of(context.request));
          if (!requested)
            return http::problem(requested.error());
          return Response::json(
              202, {{"status", "If the address has an account, a link is on its way."}});
        });
      },
      no_session);

  router.add(
      http::Method::post, "/api/v1/accounts/password-reset/complete",
      [&service](RouteContext& context) {
        return with_fields(context, [&](JsonFields& fields) {
          auto token = fields.required_text("token", token_rule);
          auto next = fields.required_text("new_password", password_rule);
          if (auto error = fields.finish())
            return http::problem(*error);
          auto done = service.complete_password_reset(context.db(), *token, *next);
          if (!done)
            return http::problem(done.error());
          return Response::no_content();
        });
      },
      no_session);

  auto memberships_of = options.memberships_of;
  router.add(http::Method::get, "/api/v1/me", [&service, memberships_of](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    auto person = service.person(context.db(), **actor);
    if (!person)
      return http::problem(person.error());
    nlohmann::json memberships = memberships_of ? memberships_of(context.db(), (*actor)->person_id)
                                                : nlohmann::json::array();
    return Response::json(200,
                          {{"person", person_json(*person, true)}, {"memberships", memberships}});
  });

  router.add(http::Method::patch, "/api/v1/me", [&service](RouteContext& context) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return with_fields(context, [&](JsonFields& fields) {
      auto name = fields.optional_text("display_name", display_name_rule);
      auto hidden = fields.optional_bool("hidden_from_directory");
      if (auto error = fields.finish())
        return http::problem(*error);
      auto person = service.update_profile(context.db(), **actor, name, hidden);
      if (!person)
        return http::problem(person.error());
      return Response::json(200, {{"person", person_json(*person, true)}});
    });
  });
}

}  // namespace plenary::accounts
