// JSON ↔ the meetings service: shapes and lengths are checked here, everything else there.
#include <memory>

#include "http/handlers.hpp"
#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "meetings/json.hpp"
#include "meetings/module.hpp"
#include "meetings/rules.hpp"
#include "meetings/service.hpp"

namespace plenary::meetings {
namespace {
using http::JsonFields;
using http::Method;
using http::Response;
using http::RouteContext;
using http::signed_in_target;
using http::TextRule;
using http::with_body;
using http::with_fields;

using ServicePtr = std::shared_ptr<Service>;

// Lengths are checked by the rules (with messages about meetings); these only bound the input.
constexpr TextRule line_rule{.max_length = 2000};
constexpr TextRule long_text_rule{.max_length = 0, .trim = false, .single_line = false};
constexpr std::size_t long_body_limit = 512 * 1024;

// A field that may be set to null to clear it: nothing when absent, {nothing} when null.
template <class Int>
std::optional<std::optional<Int>> clearable_int(JsonFields& fields, const std::string& name,
                                                std::int64_t min, std::int64_t max) {
  const bool cleared = fields.is_null(name);
  auto value = fields.optional_int(name, min, max);
  // Built in place: returning a converted inner optional trips GCC 12's -Wmaybe-uninitialized
  // at -O2.
  std::optional<std::optional<Int>> field;
  if (cleared)
    field.emplace();
  else if (value)
    field.emplace(static_cast<Int>(*value));
  return field;
}

MeetingFields meeting_fields(JsonFields& fields) {
  MeetingFields m;
  m.title = fields.optional_text("title", line_rule);
  m.description = fields.optional_text("description", long_text_rule);
  m.starts_at = fields.optional_text("starts_at", line_rule);
  m.ends_at = fields.optional_text("ends_at", line_rule);
  m.time_zone = fields.optional_text("time_zone", line_rule);
  m.place = fields.optional_text("place", line_rule);
  m.online_url = fields.optional_text("online_url", line_rule);
  m.observers_allowed = fields.optional_bool("observers_allowed");
  m.quorum_count = clearable_int<int>(fields, "quorum_count", 0, 1'000'000);
  m.quorum_percent = clearable_int<int>(fields, "quorum_percent", 0, 100);
  if (auto hours = fields.optional_int("agenda_notice_hours", 0, max_agenda_notice_hours))
    m.agenda_notice_hours = static_cast<int>(*hours);
  m.first_time_first = fields.optional_bool("first_time_first");
  m.speaking_limit_seconds = clearable_int<int>(
      fields, "speaking_limit_seconds", min_speaking_limit_seconds, max_speaking_limit_seconds);
  return m;
}

ItemFields item_fields(JsonFields& fields, bool with_notes) {
  ItemFields item;
  item.kind = fields.optional_choice("kind", item_kind_names());
  item.title = fields.optional_text("title", line_rule);
  item.minutes_allowed = clearable_int<int>(fields, "minutes_allowed", 1, max_minutes_allowed);
  item.presenter_id = clearable_int<std::int64_t>(fields, "presenter_id", 1,
                                                  std::numeric_limits<std::int64_t>::max());
  item.papers = fields.optional_text("papers", long_text_rule);
  item.proposal_id = clearable_int<std::int64_t>(fields, "proposal_id", 1,
                                                 std::numeric_limits<std::int64_t>::max());
  item.approves_minutes_of = clearable_int<std::int64_t>(fields, "approves_minutes_of", 1,
                                                         std::numeric_limits<std::int64_t>::max());
  if (with_notes)
    item.notes = fields.optional_text("notes", long_text_rule);
  return item;
}

template <class Use>
Response signed_in(RouteContext& context, const char* parameter, Use&& use) {
  auto target = signed_in_target(context, parameter);
  if (!target)
    return http::problem(target.error());
  return use(*target->actor, target->id);
}

Response meeting_response(const Result<Meeting>& meeting, int status = 200) {
  return http::json_or_problem(meeting, status, [](const Meeting& m) {
    return nlohmann::json{{"meeting", meeting_json(m)}};
  });
}

Response item_response(const Result<AgendaItem>& item, int status = 200) {
  return http::json_or_problem(item, status, [](const AgendaItem& i) {
    return nlohmann::json{{"item", item_json(i)}};
  });
}

Response attendance_response(const Result<Attendance>& attendance) {
  return http::json_or_problem(attendance, 200, [](const Attendance& a) {
    return nlohmann::json{{"attendance", attendance_json(a)}};
  });
}

Response speakers_response(const Result<SpeakersList>& speakers, int status = 200) {
  return http::json_or_problem(speakers, status,
                               [](const SpeakersList& s) { return speakers_json(s); });
}

Response minutes_response(const Result<Minutes>& minutes) {
  return http::json_or_problem(minutes, 200, [](const Minutes& m) {
    return nlohmann::json{{"minutes", minutes_json(m)}};
  });
}

void meeting_routes(http::Router& router, const ServicePtr& service) {
  router.add(
      Method::post, "/api/v1/groups/{group_id}/meetings",
      [service](RouteContext& context) {
        return signed_in(context, "group_id", [&](const Actor& actor, std::int64_t group_id) {
          return with_fields(context, [&](JsonFields& fields) {
            auto m = meeting_fields(fields);
            if (auto error = fields.finish())
              return http::problem(*error);
            return meeting_response(service->create(context.db(), actor, group_id, m), 201);
          });
        });
      },
      {.body_limit = long_body_limit, .summary = "schedule a meeting"});

  router.add(Method::get, "/api/v1/groups/{group_id}/meetings", [service](RouteContext& context) {
    auto group_id = context.id("group_id");
    if (!group_id)
      return http::problem(group_id.error());
    return http::json_or_problem(
        service->list(context.db(), context.actor, *group_id), 200, [](const MeetingList& list) {
          auto meetings = nlohmann::json::array();
          for (const auto& m : list.meetings)
            meetings.push_back(meeting_json(m));
          return nlohmann::json{{"meetings", meetings}, {"can_create", list.can_create}};
        });
  });

  router.add(Method::get, "/api/v1/meetings/{meeting_id}", [service](RouteContext& context) {
    auto id = context.id("meeting_id");
    if (!id)
      return http::problem(id.error());
    return http::json_or_problem(service->view(context.db(), context.actor, *id), 200,
                                 [](const MeetingPage& page) { return page_json(page); });
  });

  router.add(Method::patch, "/api/v1/meetings/{meeting_id}",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(context, [&](JsonFields& fields) {
                   auto m = meeting_fields(fields);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   return meeting_response(service->edit(context.db(), actor, id, m));
                 });
               });
             },
             {.body_limit = long_body_limit, .summary = "change a meeting"});

  router.add(
      Method::post, "/api/v1/meetings/{meeting_id}/cancel", [service](RouteContext& context) {
        return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(
              context,
              [&](JsonFields& fields) {
                auto reason = fields.optional_text("reason", {.max_length = max_reason_length});
                if (auto error = fields.finish())
                  return http::problem(*error);
                return meeting_response(
                    service->cancel(context.db(), actor, id, reason.value_or("")));
              },
              true);
        });
      });

  router.add(
      Method::put, "/api/v1/meetings/{meeting_id}/response", [service](RouteContext& context) {
        return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(context, [&](JsonFields& fields) {
            auto reply = fields.required_choice("response", reply_names());
            if (auto error = fields.finish())
              return http::problem(*error);
            return http::json_or_problem(
                service->respond(context.db(), actor, id, *parse_reply(*reply)), 200, [](Reply r) {
                  return nlohmann::json{{"response", reply_name(r)}};
                });
          });
        });
      });

  using Step = Result<Meeting> (Service::*)(db::Connection&, const Actor&, std::int64_t);
  const std::vector<std::pair<std::string, Step>> steps = {
      {"publish-agenda", &Service::publish_agenda},
      {"start", &Service::start},
      {"end", &Service::end}};
  for (const auto& [name, step] : steps) {
    router.add(Method::post, "/api/v1/meetings/{meeting_id}/" + name,
               [service, step](RouteContext& context) {
                 return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                   return meeting_response(((*service).*step)(context.db(), actor, id));
                 });
               });
  }
}

void agenda_routes(http::Router& router, const ServicePtr& service) {
  router.add(Method::post, "/api/v1/meetings/{meeting_id}/agenda",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(context, [&](JsonFields& fields) {
                   auto item = item_fields(fields, false);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   return item_response(service->add_item(context.db(), actor, id, item), 201);
                 });
               });
             },
             {.body_limit = long_body_limit, .summary = "add an agenda item"});

  router.add(Method::post, "/api/v1/meetings/{meeting_id}/suggestions",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(context, [&](JsonFields& fields) {
                   ItemFields item;
                   item.kind = fields.optional_choice("kind", item_kind_names());
                   item.title = fields.optional_text("title", line_rule);
                   item.papers = fields.optional_text("papers", long_text_rule);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   return item_response(service->suggest(context.db(), actor, id, item), 201);
                 });
               });
             },
             {.body_limit = long_body_limit, .summary = "suggest an agenda item"});

  router.add(Method::patch, "/api/v1/agenda-items/{item_id}",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(context, [&](JsonFields& fields) {
                   auto item = item_fields(fields, true);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   return item_response(service->edit_item(context.db(), actor, id, item));
                 });
               });
             },
             {.body_limit = long_body_limit, .summary = "change an agenda item"});

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/move", [service](RouteContext& context) {
    return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
      return with_fields(context, [&](JsonFields& fields) {
        auto position = fields.required_int("position", 1, 10'000);
        if (auto error = fields.finish())
          return http::problem(*error);
        return http::json_or_problem(
            service->move_item(context.db(), actor, id, static_cast<int>(*position)), 200,
            [](const std::vector<AgendaItem>& agenda) {
              return nlohmann::json{{"agenda", items_json(agenda)}};
            });
      });
    });
  });

  router.add(Method::del, "/api/v1/agenda-items/{item_id}", [service](RouteContext& context) {
    return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
      return http::no_content_or_problem(service->remove_item(context.db(), actor, id));
    });
  });

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/accept",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return item_response(service->accept(context.db(), actor, id));
               });
             });

  router.add(
      Method::post, "/api/v1/agenda-items/{item_id}/decline", [service](RouteContext& context) {
        return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(context, [&](JsonFields& fields) {
            auto reason = fields.required_text(
                "reason", {.min_length = 1, .max_length = max_reason_length, .single_line = false});
            if (auto error = fields.finish())
              return http::problem(*error);
            return item_response(service->decline(context.db(), actor, id, *reason));
          });
        });
      });
}

void live_routes(http::Router& router, const ServicePtr& service) {
  router.add(Method::post, "/api/v1/meetings/{meeting_id}/check-in",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(
                     context,
                     [&](JsonFields& fields) {
                       auto code = fields.optional_text("code", {.max_length = 20});
                       if (auto error = fields.finish())
                         return http::problem(*error);
                       return attendance_response(service->check_in(context.db(), actor, id, code));
                     },
                     true);
               });
             });

  router.add(
      Method::post, "/api/v1/meetings/{meeting_id}/attendance", [service](RouteContext& context) {
        return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(context, [&](JsonFields& fields) {
            auto person =
                fields.required_int("person_id", 1, std::numeric_limits<std::int64_t>::max());
            if (auto error = fields.finish())
              return http::problem(*error);
            return attendance_response(service->check_in_person(context.db(), actor, id, *person));
          });
        });
      });

  router.add(
      Method::post, "/api/v1/meetings/{meeting_id}/current-item", [service](RouteContext& context) {
        return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(context, [&](JsonFields& fields) {
            auto item = fields.required_int("item_id", 1, std::numeric_limits<std::int64_t>::max());
            if (auto error = fields.finish())
              return http::problem(*error);
            return http::json_or_problem(
                service->set_current_item(context.db(), actor, id, *item), 200,
                [](const CurrentItem& current) {
                  return nlohmann::json{{"current", current_json(current)}};
                });
          });
        });
      });

  router.add(
      Method::post, "/api/v1/agenda-items/{item_id}/speakers", [service](RouteContext& context) {
        return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
          return with_fields(
              context,
              [&](JsonFields& fields) {
                auto kind = fields.optional_choice("kind", speaker_kind_names()).value_or("speak");
                if (auto error = fields.finish())
                  return http::problem(*error);
                return speakers_response(
                    service->request_to_speak(context.db(), actor, id, *parse_speaker_kind(kind)),
                    201);
              },
              true);
        });
      });

  router.add(Method::del, "/api/v1/agenda-items/{item_id}/speakers/mine",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return speakers_response(service->withdraw(context.db(), actor, id));
               });
             });

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/speakers/next",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return speakers_response(service->next_speaker(context.db(), actor, id));
               });
             });

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/speakers/end",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return speakers_response(service->end_speaker(context.db(), actor, id));
               });
             });

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/vote", [service](RouteContext& context) {
    return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
      return with_body(
          context,
          [&](nlohmann::json& body) {
            VoteRequest request;
            std::optional<nlohmann::json> options;
            if (auto found = body.find("options"); found != body.end()) {
              if (!found->is_null())
                options = *found;
              body.erase(found);
            }
            JsonFields fields(body);
            request.method = fields.optional_text("method", {.max_length = 50});
            request.threshold = fields.optional_text("threshold", {.max_length = 50});
            request.secret = fields.optional_bool("secret");
            if (auto seats = fields.optional_int("seats", 1, 100))
              request.seats = static_cast<int>(*seats);
            if (options) {
              if (!options->is_array() || options->size() > 100) {
                fields.add_error("options", "'options' must be a list of at most 100 {label}.");
              } else {
                for (const auto& option : *options) {
                  if (!option.is_object() || !option.contains("label") ||
                      !option["label"].is_string() || option.size() != 1) {
                    fields.add_error("options", "Each option is {\"label\": text}.");
                    break;
                  }
                  request.options.emplace_back(option["label"].get<std::string>(), "");
                }
              }
            }
            if (auto error = fields.finish())
              return http::problem(*error);
            return http::json_or_problem(service->open_vote(context.db(), actor, id, request), 201,
                                         [](std::int64_t ballot_id) {
                                           return nlohmann::json{{"ballot_id", ballot_id}};
                                         });
          },
          true);
    });
  });

  router.add(Method::post, "/api/v1/agenda-items/{item_id}/vote/close",
             [service](RouteContext& context) {
               return signed_in(context, "item_id", [&](const Actor& actor, std::int64_t id) {
                 return http::json_or_problem(service->close_vote(context.db(), actor, id), 200,
                                              [](const nlohmann::json& result) {
                                                return nlohmann::json{{"result", result}};
                                              });
               });
             });
}

void minutes_routes(http::Router& router, const ServicePtr& service) {
  router.add(Method::get, "/api/v1/meetings/{meeting_id}/minutes",
             [service](RouteContext& context) {
               auto id = context.id("meeting_id");
               if (!id)
                 return http::problem(id.error());
               return minutes_response(service->minutes(context.db(), context.actor, *id));
             });

  router.add(Method::post, "/api/v1/meetings/{meeting_id}/minutes/draft",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return minutes_response(service->draft_minutes(context.db(), actor, id));
               });
             });

  router.add(Method::put, "/api/v1/meetings/{meeting_id}/minutes",
             [service](RouteContext& context) {
               return signed_in(context, "meeting_id", [&](const Actor& actor, std::int64_t id) {
                 return with_fields(context, [&](JsonFields& fields) {
                   auto body = fields.required_text("body", long_text_rule);
                   if (auto error = fields.finish())
                     return http::problem(*error);
                   return minutes_response(service->save_minutes(context.db(), actor, id, *body));
                 });
               });
             },
             {.body_limit = long_body_limit, .summary = "edit the minutes"});

  router.add(Method::get, "/api/v1/meetings/{meeting_id}/minutes.md",
             [service](RouteContext& context) {
               auto id = context.id("meeting_id");
               if (!id)
                 return http::problem(id.error());
               auto file = service->minutes_file(context.db(), context.actor, *id);
               if (!file)
                 return http::problem(file.error());
               auto response = Response::text(200, file->text, "text/markdown; charset=utf-8");
               response.set_header("content-disposition",
                                   "attachment; filename=\"" + file->filename + "\"");
               return response;
             });
}

void calendar_routes(http::Router& router, const ServicePtr& service) {
  auto links = [service](RouteContext& context, bool reset) {
    auto actor = context.signed_in();
    if (!actor)
      return http::problem(actor.error());
    return http::json_or_problem(
        service->calendar(context.db(), **actor, reset), 200, [&](const CalendarLinks& links) {
          const auto base = http::request_site(context) + "/api/v1/calendar/" + links.token;
          auto groups = nlohmann::json::array();
          for (const auto& [id, name] : links.groups) {
            groups.push_back({{"group_id", id},
                              {"name", name},
                              {"url", base + "/groups/" + std::to_string(id) + ".ics"}});
          }
          return nlohmann::json{{"token_url_person", base + "/me.ics"},
                                {"token_url_groups", groups}};
        });
  };
  router.add(Method::get, "/api/v1/me/calendar",
             [links](RouteContext& context) { return links(context, false); });
  router.add(Method::post, "/api/v1/me/calendar/reset",
             [links](RouteContext& context) { return links(context, true); });

  auto feed = [](const Result<std::string>& text) {
    if (!text)
      return http::problem(text.error());
    auto response = Response::text(200, *text, "text/calendar; charset=utf-8");
    response.set_header("cache-control", "private, max-age=300");
    return response;
  };
  // Calendar clients send no cookies: the token in the path is the credential.
  router.add(
      Method::get, "/api/v1/calendar/{token}/me.ics", [service, feed](RouteContext& context) {
        return feed(service->person_feed(context.db(), std::string(context.parameter("token")),
                                         http::request_site(context)));
      });
  router.add(
      Method::get, "/api/v1/calendar/{token}/groups/{group_file}",
      [service, feed](RouteContext& context) {
        auto file = std::string(context.parameter("group_file"));
        if (!file.ends_with(".ics"))
          return http::problem(not_found("There is nothing at this address."));
        std::int64_t group_id = 0;
        try {
          std::size_t used = 0;
          group_id = std::stoll(file.substr(0, file.size() - 4), &used);
          if (used != file.size() - 4 || group_id <= 0)
            group_id = 0;
        } catch (const std::exception&) {
          group_id = 0;
        }
        if (group_id == 0)
          return http::problem(not_found("There is nothing at this address."));
        return feed(service->group_feed(context.db(), std::string(context.parameter("token")),
                                        group_id, http::request_site(context)));
      });
}

}  // namespace

void register_routes(http::Router& router, const Clock& clock, votes::Service& votes) {
  auto service = std::make_shared<Service>(clock, votes);
  meeting_routes(router, service);
  agenda_routes(router, service);
  live_routes(router, service);
  minutes_routes(router, service);
  calendar_routes(router, service);
}

}  // namespace plenary::meetings
