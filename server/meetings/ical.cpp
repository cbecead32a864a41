#include "meetings/ical.hpp"

#include <chrono>
#include <cstdio>

namespace plenary::meetings::ical {
namespace {

constexpr std::size_t max_line_octets = 75;

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

}  // namespace

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        // CRLF and a lone CR are one line break each.
        if (i + 1 < text.size() && text[i + 1] == '\n')
          ++i;
        out += "\\n";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        // Other control characters are not allowed in TEXT values.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
          break;
        out += c;
    }
  }
  return out;
}

std::string fold_line(std::string_view line) {
  std::string out;
  std::size_t start = 0;
  // The first physical line holds 75 octets; continuations hold 74 after their leading space.
  std::size_t room = max_line_octets;
  while (line.size() - start > room) {
    std::size_t end = start + room;
    while (end > start && continuation_byte(line[end]))
      --end;
    out.append(line.substr(start, end - start));
    out += "\r\n ";
    start = end;
    room = max_line_octets - 1;
  }
  out.append(line.substr(start));
  out += "\r\n";
  return out;
}

std::string utc_date_time(TimePoint time) {
  const auto seconds = std::chrono::floor<std::chrono::seconds>(time);
  const auto days = std::chrono::floor<std::chrono::days>(seconds);
  const std::chrono::year_month_day date{days};
  const std::chrono::hh_mm_ss clock{seconds - days};
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

std::string write_calendar(std::string_view name, const std::vector<Event>& events) {
  std::string out;
  auto line = [&](std::string_view text) { out += fold_line(text); };
  auto property = [&](std::string_view key, std::string_view text) {
    if (!text.empty())
      line(std::string(key) + ":" + escape_text(text));
  };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line("PRODID:-//Plenary//Meetings//EN");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  property("X-WR-CALNAME", name);
  for (const auto& event : events) {
    line("BEGIN:VEVENT");
    property("UID", event.uid);
    line("SEQUENCE:" + std::to_string(event.sequence));
    line("DTSTAMP:" + utc_date_time(event.stamp));
    line("DTSTART:" + utc_date_time(event.starts_at));
    line("DTEND:" + utc_date_time(event.ends_at));
    property("SUMMARY", event.summary);
    property("DESCRIPTION", event.description);
    property("LOCATION", event.location);
    // URI values are not TEXT: no escaping, but they must not break the line structure.
    if (!event.url.empty() && event.url.find_first_of("\r\n") == std::string::npos)
      line("URL:" + event.url);
    line(std::string("STATUS:") + (event.cancelled ? "CANCELLED" : "CONFIRMED"));
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace plenary::meetings::ical
