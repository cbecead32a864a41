#include "notifications/preferences.hpp"

#include "http/handlers.hpp"

namespace plenary::notifications {
namespace {

const db::Statement select_preferences{
    "notifications.preferences",
    "SELECT digest, show_recognition FROM notification_preferences WHERE person_id = $1 "
    "FOR UPDATE"};

const db::Statement upsert_preferences{
    "notifications.save_preferences",
    "INSERT INTO notification_preferences (person_id, digest, show_recognition) "
    "VALUES ($1, $2, $3) ON CONFLICT (person_id) DO UPDATE SET digest = EXCLUDED.digest, "
    "show_recognition = EXCLUDED.show_recognition, last_digest_at = CASE WHEN $4 THEN NULL "
    "ELSE notification_preferences.last_digest_at END"};

Result<Preferences> read_preferences(http::JsonFields& fields) {
  auto digest = fields.required_choice("digest", digest_choice_names());
  auto show_recognition = fields.required_bool("show_recognition");
  if (auto error = fields.finish())
    return *error;
  return Preferences{*parse_digest_choice(*digest), *show_recognition};
}

}  // namespace

nlohmann::json to_json(const Preferences& preferences) {
  return {{"digest", digest_choice_name(preferences.digest)},
          {"show_recognition", preferences.show_recognition}};
}

Preferences load_preferences(db::Tx& tx, std::int64_t person_id) {
  Preferences preferences;
  if (auto row = tx.exec_maybe_row(select_preferences, person_id)) {
    preferences.digest =
        parse_digest_choice((*row)[0].as<std::string>()).value_or(DigestChoice::off);
    preferences.show_recognition = (*row)[1].as<bool>();
  }
  return preferences;
}

void save_preferences(db::Tx& tx, std::int64_t person_id, const Preferences& preferences) {
  const auto before = load_preferences(tx, person_id);
  tx.exec(upsert_preferences, person_id, std::string(digest_choice_name(preferences.digest)),
          preferences.show_recognition, digest_restarts(before.digest, preferences.digest));
}

void register_preferences_routes(http::Router& router) {
  router.add(
      http::Method::get, "/api/v1/me/preferences",
      [](http::RouteContext& context) {
        auto actor = context.signed_in();
        if (!actor)
          return http::problem(actor.error());
        auto preferences = db::transact(
            context.db(), [&](db::Tx& tx) { return load_preferences(tx, (*actor)->person_id); });
        return http::Response::json(200, to_json(preferences));
      },
      {.summary = "My choices: a digest of notifications by email, and recognition on my page"});

  router.add(http::Method::put, "/api/v1/me/preferences",
             [](http::RouteContext& context) {
               auto actor = context.signed_in();
               if (!actor)
                 return http::problem(actor.error());
               return http::with_fields(context, [&](http::JsonFields& fields) {
                 auto chosen = read_preferences(fields);
                 if (!chosen)
                   return http::problem(chosen.error());
                 auto saved = db::transact(context.db(), [&](db::Tx& tx) {
                   save_preferences(tx, (*actor)->person_id, *chosen);
                   return load_preferences(tx, (*actor)->person_id);
                 });
                 return http::Response::json(200, to_json(saved));
               });
             },
             {.summary = "Change my choices about digests and recognition"});
}

}  // namespace plenary::notifications
