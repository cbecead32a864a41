#pragma once
// An iCalendar (RFC 5545) writer for meeting feeds: text escaped, long lines folded at 75 octets
// without splitting a UTF-8 character, every line ended by CRLF. Pure: the service gathers the
// events and serves the text.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace plenary::meetings::ical {

struct Event {
  std::string uid;  // stable per meeting
  int sequence = 0;
  TimePoint stamp;  // DTSTAMP: when the feed was made
  TimePoint starts_at;
  TimePoint ends_at;
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  bool cancelled = false;
};

// TEXT values: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 3.3.11).
std::string escape_text(std::string_view text);
// One content line, folded: no physical line longer than 75 octets, a continuation starts with a
// space, and a UTF-8 sequence is never split. Ends with CRLF.
std::string fold_line(std::string_view line);
// 20261121T180000Z
std::string utc_date_time(TimePoint time);
// A VCALENDAR with one VEVENT per event; `name` is the calendar's display name.
std::string write_calendar(std::string_view name, const std::vector<Event>& events);

}  // namespace plenary::meetings::ical
