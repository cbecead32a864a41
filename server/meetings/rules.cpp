#include "meetings/rules.hpp"

#include <algorithm>
#include <chrono>
#include <set>

#include "votes/rules.hpp"

namespace plenary::meetings {
namespace {

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

// Names and titles go into Markdown as text: their punctuation must not become formatting.
std::string markdown_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string_view("\\`*_{}[]<>()#+-.!|~").find(c) != std::string_view::npos)
      out += '\\';
    out += c;
  }
  return out;
}

std::string names_in_order(const std::vector<std::string>& names) {
  std::string text;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      text += i + 1 == names.size() ? " and " : ", ";
    text += names[i];
  }
  return text;
}

}  // namespace

// ---- Quorum -------------------------------------------------------------------------------------

std::int64_t quorum_required(const QuorumRule& rule, std::int64_t members) {
  std::int64_t required = 0;
  if (rule.count)
    required = *rule.count;
  if (rule.percent) {
    const std::int64_t share = (std::max<std::int64_t>(members, 0) * *rule.percent + 99) / 100;
    required = std::max(required, share);
  }
  return required;
}

bool quorum_met(const QuorumRule& rule, std::int64_t members, std::int64_t members_checked_in) {
  return members_checked_in >= quorum_required(rule, members);
}

// ---- Agenda timing
// -------------------------------------------------------------------------------

TimePoint agenda_publication_time(TimePoint starts_at, int notice_hours) {
  return starts_at - std::chrono::hours(notice_hours);
}

bool agenda_due(TimePoint starts_at, int notice_hours, TimePoint now) {
  return now >= agenda_publication_time(starts_at, notice_hours);
}

std::optional<std::string> suggestion_problem(const Meeting& meeting, TimePoint starts_at,
                                              TimePoint now) {
  if (meeting.status == MeetingStatus::cancelled)
    return "This meeting was cancelled.";
  if (meeting.status != MeetingStatus::scheduled)
    return "This meeting has begun: items can no longer be suggested.";
  if (meeting.agenda_published_at || agenda_due(starts_at, meeting.agenda_notice_hours, now)) {
    return "The agenda has been published, so suggestions are closed. Ask an officer to add "
           "the item.";
  }
  return std::nullopt;
}

// ---- Validation
// ----------------------------------------------------------------------------------

Result<ValidMeeting> validate_meeting(const MeetingFields& fields,
                                      const std::optional<Meeting>& current) {
  std::vector<FieldError> errors;
  auto problem = [&](std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
  };
  ValidMeeting valid;

  valid.title = trimmed(fields.title.value_or(current ? current->title : ""));
  if (valid.title.empty())
    problem("title", "Give the meeting a title.");
  else if (utf8_length(valid.title) > max_title_length)
    problem("title", "A title can be at most 200 characters long.");

  valid.description = fields.description.value_or(current ? current->description : "");
  if (valid.description.size() > max_description_bytes)
    problem("description", "The description can be at most 20,000 bytes long.");

  auto read_time = [&](const char* name, const std::optional<std::string>& given,
                       const std::optional<std::string>& kept) -> std::optional<TimePoint> {
    const auto text = given ? given : kept;
    if (!text) {
      problem(name, std::string("Say when the meeting ") +
                        (std::string_view(name) == "starts_at" ? "starts" : "ends") + ".");
      return std::nullopt;
    }
    auto time = votes::parse_iso8601(*text);
    if (!time)
      problem(name, "Give the time in ISO 8601 with its offset, e.g. 2026-11-21T18:00:00Z.");
    return time;
  };
  const auto starts = read_time("starts_at", fields.starts_at,
                                current ? std::optional(current->starts_at) : std::nullopt);
  const auto ends = read_time("ends_at", fields.ends_at,
                              current ? std::optional(current->ends_at) : std::nullopt);
  if (starts && ends) {
    valid.starts_at = *starts;
    valid.ends_at = *ends;
    if (*ends <= *starts)
      problem("ends_at", "The meeting must end after it starts.");
    else if (*ends - *starts > std::chrono::hours(max_meeting_hours))
      problem("ends_at", "A meeting can last at most a week.");
  }

  valid.time_zone = fields.time_zone;
  if (!valid.time_zone && current)
    valid.time_zone = current->time_zone;

  valid.place = trimmed(fields.place.value_or(current ? current->place : ""));
  if (utf8_length(valid.place) > max_place_length)
    problem("place", "The place can be at most 300 characters long.");

  valid.online_url = trimmed(fields.online_url.value_or(current ? current->online_url : ""));
  if (!valid.online_url.empty()) {
    const bool https = valid.online_url.starts_with("https://") && valid.online_url.size() > 8;
    const bool spaced = valid.online_url.find_first_of(" \t\"<>") != std::string::npos;
    if (!https || spaced || valid.online_url.size() > max_url_length) {
      problem("online_url", "Give the online link as a full https:// address.");
    }
  }

  valid.observers_allowed =
      fields.observers_allowed.value_or(current ? current->observers_allowed : false);

  valid.quorum.count =
      fields.quorum_count ? *fields.quorum_count : (current ? current->quorum.count : std::nullopt);
  valid.quorum.percent = fields.quorum_percent ? *fields.quorum_percent
                                               : (current ? current->quorum.percent : std::nullopt);
  if (valid.quorum.count && (*valid.quorum.count < 0 || *valid.quorum.count > 1'000'000))
    problem("quorum_count", "The quorum is a number of members from 0 to 1,000,000.");
  if (valid.quorum.percent && (*valid.quorum.percent < 0 || *valid.quorum.percent > 100))
    problem("quorum_percent", "The quorum is a percentage from 0 to 100.");

  valid.agenda_notice_hours = fields.agenda_notice_hours.value_or(
      current ? current->agenda_notice_hours : default_agenda_notice_hours);
  if (valid.agenda_notice_hours < 0 || valid.agenda_notice_hours > max_agenda_notice_hours) {
    problem("agenda_notice_hours",
            "The agenda is published from 0 to 1,440 hours (60 days) "
            "before the meeting.");
  }

  valid.first_time_first =
      fields.first_time_first.value_or(current ? current->first_time_first : false);
  valid.speaking_limit_seconds = fields.speaking_limit_seconds
                                     ? *fields.speaking_limit_seconds
                                     : (current ? current->speaking_limit_seconds : std::nullopt);
  if (valid.speaking_limit_seconds &&
      (*valid.speaking_limit_seconds < min_speaking_limit_seconds ||
       *valid.speaking_limit_seconds > max_speaking_limit_seconds)) {
    problem("speaking_limit_seconds", "A speaking limit is from 10 seconds to an hour.");
  }

  if (!errors.empty())
    return invalid(std::move(errors));
  return valid;
}

Result<ValidItem> validate_item(const ItemFields& fields,
                                const std::optional<AgendaItem>& current) {
  std::vector<FieldError> errors;
  auto problem = [&](std::string field, std::string message) {
    errors.push_back({std::move(field), std::move(message)});
  };
  ValidItem valid;
  if (fields.kind) {
    auto kind = parse_item_kind(*fields.kind);
    if (!kind)
      problem("kind", "Choose one of: information, discussion, decision, election.");
    else
      valid.kind = *kind;
  } else if (current) {
    valid.kind = current->kind;
  } else {
    problem("kind",
            "Say what kind of item this is: information, discussion, decision or "
            "election.");
  }

  valid.title = trimmed(fields.title.value_or(current ? current->title : ""));
  if (valid.title.empty())
    problem("title", "Give the item a title.");
  else if (utf8_length(valid.title) > max_title_length)
    problem("title", "A title can be at most 200 characters long.");

  valid.minutes_allowed = fields.minutes_allowed
                              ? *fields.minutes_allowed
                              : (current ? current->minutes_allowed : std::nullopt);
  if (valid.minutes_allowed &&
      (*valid.minutes_allowed < 1 || *valid.minutes_allowed > max_minutes_allowed)) {
    problem("minutes_allowed", "The time allowed is from 1 to 1,440 minutes.");
  }

  std::optional<std::int64_t> kept_presenter;
  if (current && current->presenter)
    kept_presenter = current->presenter->id;
  valid.presenter_id = fields.presenter_id ? *fields.presenter_id : kept_presenter;

  valid.papers = fields.papers.value_or(current ? current->papers : "");
  if (valid.papers.size() > max_papers_bytes)
    problem("papers", "The papers can be at most 50,000 bytes long.");
  valid.notes = fields.notes.value_or(current ? current->notes : "");
  if (valid.notes.size() > max_papers_bytes)
    problem("notes", "The notes can be at most 50,000 bytes long.");

  valid.proposal_id =
      fields.proposal_id ? *fields.proposal_id : (current ? current->proposal_id : std::nullopt);
  valid.approves_minutes_of = fields.approves_minutes_of
                                  ? *fields.approves_minutes_of
                                  : (current ? current->approves_minutes_of : std::nullopt);
  const bool decides = valid.kind == ItemKind::decision;
  if (valid.proposal_id && !decides)
    problem("proposal_id", "Only a decision item can put a proposal to the meeting.");
  if (valid.approves_minutes_of && !decides)
    problem("approves_minutes_of", "Only a decision item can approve minutes.");
  if (valid.proposal_id && valid.approves_minutes_of) {
    problem("approves_minutes_of",
            "An item decides one thing: a proposal or the minutes of a meeting, not both.");
  }

  if (!errors.empty())
    return invalid(std::move(errors));
  return valid;
}

bool check_in_code_matches(std::string_view expected, std::string_view given) {
  std::string digits;
  for (char c : given) {
    if (c == ' ' || c == '-')
      continue;
    digits += c;
  }
  return !expected.empty() && digits == expected;
}

std::string check_in_code_from(std::uint32_t random) {
  std::string code = std::to_string(random % 1'000'000);
  return std::string(6 - code.size(), '0') + code;
}

// ---- The speakers list
// ---------------------------------------------------------------------------

std::vector<Speaker> speaking_order(const std::vector<Speaker>& requests, bool first_time_first) {
  std::set<std::int64_t> have_spoken;
  for (const auto& request : requests) {
    const bool spoke =
        request.state == SpeakerState::speaking || request.state == SpeakerState::done;
    // A point of order is about procedure: it does not use up a first turn on the item.
    if (spoke && request.kind == SpeakerKind::speak)
      have_spoken.insert(request.person.id);
  }
  std::vector<Speaker> waiting;
  for (const auto& request : requests) {
    if (request.state == SpeakerState::waiting)
      waiting.push_back(request);
  }
  auto rank = [&](const Speaker& speaker) {
    if (speaker.kind == SpeakerKind::point_of_order)
      return 0;
    if (first_time_first && have_spoken.contains(speaker.person.id))
      return 2;
    return 1;
  };
  std::stable_sort(waiting.begin(), waiting.end(), [&](const Speaker& a, const Speaker& b) {
    if (rank(a) != rank(b))
      return rank(a) < rank(b);
    return a.id < b.id;
  });
  return waiting;
}

std::optional<Speaker> current_speaker(const std::vector<Speaker>& requests) {
  for (const auto& request : requests) {
    if (request.state == SpeakerState::speaking)
      return request;
  }
  return std::nullopt;
}

// ---- Minutes
// -------------------------------------------------------------------------------------

namespace {

std::string decision_text(const nlohmann::json& result) {
  const auto number = [&](const char* key) { return result.value(key, std::int64_t{0}); };
  std::string text;
  if (result.value("method", "") == "yes_no") {
    const auto outcome = result.value("outcome", "");
    text = outcome == "passed"      ? "**Carried.**"
           : outcome == "no_quorum" ? "**Not decided: the vote was not quorate.**"
                                    : "**Not carried.**";
    text += " For: " + std::to_string(number("yes")) +
            "; against: " + std::to_string(number("no")) +
            "; abstentions: " + std::to_string(number("abstain")) + ". " +
            plural(number("cast"), "vote", "votes") + " cast of " +
            std::to_string(number("eligible")) + " eligible.";
    return text;
  }
  text = "**Result:** " + markdown_text(result.value("summary", "")) + " " +
         plural(number("cast"), "ballot", "ballots") + " cast of " +
         std::to_string(number("eligible")) + " eligible.";
  return text;
}

}  // namespace

std::string draft_minutes(const MeetingRecord& record) {
  const Meeting& meeting = record.meeting;
  std::string md = "# Minutes: " + markdown_text(meeting.title) + "\n\n";
  md += markdown_text(meeting.group_name) + ", " + markdown_text(meeting.starts_local) + " to " +
        markdown_text(meeting.ends_local) + " (" + markdown_text(meeting.time_zone) + ").\n";
  if (!meeting.place.empty())
    md += "\nPlace: " + markdown_text(meeting.place) + "\n";
  if (!meeting.online_url.empty())
    md += "\nOnline: <" + meeting.online_url + ">\n";

  std::vector<const Attendee*> members;
  std::vector<const Attendee*> observers;
  for (const auto& attendee : record.present)
    (attendee.observer ? observers : members).push_back(&attendee);
  auto sorted = [](std::vector<const Attendee*>& people) {
    std::stable_sort(people.begin(), people.end(), [](const Attendee* a, const Attendee* b) {
      return a->person.display_name < b->person.display_name;
    });
  };
  sorted(members);
  sorted(observers);

  md += "\n## Attendance\n\n";
  md += "Present: " + plural(static_cast<std::int64_t>(members.size()), "member", "members") +
        (observers.empty() ? ""
                           : " and " + plural(static_cast<std::int64_t>(observers.size()),
                                              "observer", "observers")) +
        ".\n\n";
  for (const auto* attendee : members) {
    md += "- " + markdown_text(attendee->person.display_name) +
          (attendee->mode == AttendanceMode::online ? " (online)" : " (in the room)") + "\n";
  }
  if (!observers.empty()) {
    md += "\nObservers:\n\n";
    for (const auto* attendee : observers)
      md += "- " + markdown_text(attendee->person.display_name) + "\n";
  }
  const auto required = quorum_required(meeting.quorum, record.members);
  const auto present = static_cast<std::int64_t>(members.size());
  md += "\nQuorum: " + std::to_string(required) + " required (the group has " +
        plural(record.members, "member", "members") + "); " + std::to_string(present) +
        " present. The meeting was " +
        (quorum_met(meeting.quorum, record.members, present) ? "quorate" : "not quorate") + ".\n";

  md += "\n## Agenda\n";
  int number = 0;
  for (const auto& entry : record.items) {
    const AgendaItem& item = entry.item;
    md += "\n### " + std::to_string(++number) + ". " + markdown_text(item.title) + "\n\n";
    md += "*" + std::string(item_kind_name(item.kind)) + "*";
    if (item.presenter)
      md += " — presented by " + markdown_text(item.presenter->display_name);
    md += "\n";
    if (!trimmed(item.notes).empty())
      md += "\n" + trimmed(item.notes) + "\n";
    if (item.kind == ItemKind::decision || item.kind == ItemKind::election) {
      if (entry.result)
        md += "\n" + decision_text(*entry.result) + "\n";
      else if (entry.ballot_status)
        md += "\nThe vote was not completed (" + *entry.ballot_status + ").\n";
      else
        md += "\nNo vote was taken.\n";
    }
    std::vector<std::string> names;
    for (const auto& speaker : entry.speakers) {
      names.push_back(markdown_text(speaker.person.display_name) +
                      (speaker.kind == SpeakerKind::point_of_order ? " (point of order)" : ""));
    }
    if (!names.empty())
      md += "\nSpeakers, in order: " + names_in_order(names) + ".\n";
  }
  if (record.items.empty())
    md += "\nThe agenda had no items.\n";
  return md;
}

}  // namespace plenary::meetings
