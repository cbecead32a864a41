#include "moderation/rules.hpp"

#include <charconv>
#include <chrono>

namespace plenary::moderation {
namespace {

std::optional<std::int64_t> whole_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (at + count > text.size())
    return std::nullopt;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

const std::vector<std::string>& flag_reasons() {
  static const std::vector<std::string> reasons{"spam", "abuse", "off_topic", "other"};
  return reasons;
}

const std::vector<std::string>& flag_resolutions() {
  static const std::vector<std::string> resolutions{"dismissed", "actioned"};
  return resolutions;
}

std::optional<FieldError> check_flag_detail(std::string_view reason, std::string_view detail) {
  if (reason == "other" && detail.empty()) {
    return FieldError{"detail", "Say what is wrong with the post."};
  }
  return std::nullopt;
}

std::optional<TimePoint> parse_date_time(std::string_view text) {
  using namespace std::chrono;
  // YYYY-MM-DDTHH:MM is the least; positions are fixed up to the minutes.
  if (text.size() < 16 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != ' ') || text[13] != ':') {
    return std::nullopt;
  }
  auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  auto hour = digits(text, 11, 2), minute = digits(text, 14, 2);
  if (!year || !month || !day || !hour || !minute)
    return std::nullopt;
  const year_month_day date{std::chrono::year(*year),
                            std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok() || *hour > 23 || *minute > 59)
    return std::nullopt;

  std::size_t at = 16;
  int second = 0;
  microseconds fraction{0};
  if (at < text.size() && text[at] == ':') {
    auto parsed = digits(text, at + 1, 2);
    if (!parsed || *parsed > 59)
      return std::nullopt;
    second = *parsed;
    at += 3;
    if (at < text.size() && text[at] == '.') {
      ++at;
      const std::size_t start = at;
      std::int64_t micros = 0;
      int scale = 0;
      while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        if (scale < 6) {
          micros = micros * 10 + (text[at] - '0');
          ++scale;
        }
        ++at;
      }
      if (at == start)
        return std::nullopt;
      for (; scale < 6; ++scale)
        micros *= 10;
      fraction = microseconds(micros);
    }
  }

  minutes offset{0};
  if (at < text.size()) {
    const char sign = text[at];
    if ((sign == 'Z' || sign == 'z') && at + 1 == text.size()) {
      at = text.size();
    } else if ((sign == '+' || sign == '-') && at + 6 == text.size() && text[at + 3] == ':') {
      auto offset_hours = digits(text, at + 1, 2), offset_minutes = digits(text, at + 4, 2);
      if (!offset_hours || !offset_minutes || *offset_hours > 23 || *offset_minutes > 59) {
        return std::nullopt;
      }
      offset = hours(*offset_hours) + minutes(*offset_minutes);
      if (sign == '-')
        offset = -offset;
      at = text.size();
    } else {
      return std::nullopt;
    }
  }
  const auto local = sys_days(date) + hours(*hour) + minutes(*minute) + seconds(second) + fraction;
  return time_point_cast<TimePoint::duration>(local - offset);
}

Status check_suspension(TimePoint ends_at, TimePoint now, bool target_moderates,
                        const std::string& group_name, bool suspending_self) {
  if (ends_at <= now) {
    return invalid_field("ends_at", "The suspension must end in the future.");
  }
  if (suspending_self) {
    return invalid_field("person_id", "You cannot suspend yourself.");
  }
  if (target_moderates) {
    return forbidden("This person moderates " + group_name +
                         ". Ask its officers to change their role before suspending them.",
                     "target_is_moderator");
  }
  return ok();
}

std::string encode_queue_cursor(const QueueCursor& cursor) {
  return std::to_string(cursor.first_flag_micros) + "." + std::to_string(cursor.post_id);
}

std::optional<QueueCursor> decode_queue_cursor(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos)
    return std::nullopt;
  auto micros = whole_number(text.substr(0, dot));
  auto post_id = whole_number(text.substr(dot + 1));
  if (!micros || !post_id || *post_id == 0)
    return std::nullopt;
  return QueueCursor{*micros, *post_id};
}

std::string encode_id_cursor(std::int64_t id) {
  return std::to_string(id);
}

std::optional<std::int64_t> decode_id_cursor(std::string_view text) {
  auto id = whole_number(text);
  if (!id || *id == 0)
    return std::nullopt;
  return id;
}

}  // namespace plenary::moderation
