#include "mail/message.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

#include "core/base64url.hpp"

namespace plenary::mail {
namespace {

// RFC 5322 asks for lines of at most 78 characters; RFC 2047 allows 76 where encoded-words are.
constexpr std::size_t preferred_line_length = 78;
constexpr std::size_t encoded_word_line_length = 76;
constexpr std::size_t quoted_printable_line_length = 76;
// Bytes of text per encoded-word: "=?utf-8?B?" + 52 base64 characters + "?=" is 64 characters,
// which fits after "Subject: " within 76.
constexpr std::size_t encoded_word_bytes = 39;

bool is_atext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
    return true;
  return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_printable_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

bool is_dot_atom(std::string_view text) {
  if (text.empty() || text.front() == '.' || text.back() == '.' ||
      text.find("..") != std::string_view::npos)
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c == '.' || is_atext(c); });
}

bool is_host_name(std::string_view domain) {
  if (domain.empty() || domain.size() > 253)
    return false;
  std::size_t start = 0;
  for (;;) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && c != '-')
        return false;
    }
    if (dot == std::string_view::npos)
      return true;
    start = dot + 1;
  }
}

// RFC 2047 wants standard base64 with padding; ours is the URL-safe alphabet without it.
std::string base64(std::string_view bytes) {
  std::string text = base64url_encode(bytes);
  for (char& c : text) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
  }
  text.append((4 - text.size() % 4) % 4, '=');
  return text;
}

// The length of the UTF-8 sequence that starts with this byte (1 for stray bytes, so malformed
// text still advances).
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf7)
    return 4;
  if (lead >= 0xe0)
    return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc0)
    return 2;
  return 1;
}

// Encoded-words separated by folding whitespace, which decoders drop between adjacent words;
// each holds whole characters, as RFC 2047 requires.
std::string encoded_words(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start;
    while (end < text.size()) {
      const auto next = end + utf8_sequence_length(static_cast<unsigned char>(text[end]));
      if (next - start > encoded_word_bytes)
        break;
      end = std::min(next, text.size());
    }
    if (!out.empty())
      out += "\r\n ";
    out += "=?utf-8?B?" + base64(text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

// Breaks before spaces so that no line is longer than it needs to be; the space starts the
// continuation line, so unfolding (removing CRLF) gives the text back exactly.
std::string fold_at_spaces(std::string_view text, std::size_t first_line_used) {
  std::string out;
  std::size_t used = first_line_used;
  while (used + text.size() > preferred_line_length) {
    const std::size_t room = preferred_line_length - std::min(used, preferred_line_length);
    // The last space within the room, not at the very start (that would leave an empty line).
    auto cut = room > 0 ? text.substr(0, room + 1).find_last_of(' ') : std::string_view::npos;
    if (cut == 0 || cut == std::string_view::npos)
      cut = text.find(' ', 1);
    if (cut == std::string_view::npos)
      break;
    out.append(text.substr(0, cut));
    out += "\r\n";
    text.remove_prefix(cut);
    used = 0;
  }
  out.append(text);
  return out;
}

bool longest_line_at_most(std::string_view folded, std::size_t first_line_used, std::size_t limit) {
  std::size_t used = first_line_used;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if (folded[i] == '\r') {
      if (used > limit)
        return false;
      used = 0;
      ++i;  // the LF
    } else {
      ++used;
    }
  }
  return used <= limit;
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out += ": ";
  out.append(value);
  out += "\r\n";
}

}  // namespace

bool is_plain_address(std::string_view address) {
  if (address.size() > 254)
    return false;
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0 || at > 64)
    return false;
  return is_dot_atom(address.substr(0, at)) && is_host_name(address.substr(at + 1));
}

std::string header_value_problem(std::string_view value) {
  if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos)
    return "A mail header cannot contain a line break.";
  return "";
}

std::string make_message_id(std::string_view unique_part, std::string_view from_address) {
  const auto at = from_address.rfind('@');
  const auto domain =
      at == std::string_view::npos ? std::string_view("localhost") : from_address.substr(at + 1);
  return "<" + std::string(unique_part) + "@" + std::string(domain) + ">";
}

namespace detail {

std::string rfc5322_date(TimePoint time) {
  using namespace std::chrono;
  const auto seconds_since_epoch = floor<seconds>(time);
  const auto day = floor<days>(seconds_since_epoch);
  const year_month_day date{day};
  const hh_mm_ss clock{seconds_since_epoch - day};
  static constexpr std::array<const char*, 7> weekday_names{"Sun", "Mon", "Tue", "Wed",
                                                            "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> month_names{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[40];
  std::snprintf(text, sizeof text, "%s, %02u %s %04d %02d:%02d:%02d +0000",
                weekday_names[weekday{day}.c_encoding()], static_cast<unsigned>(date.day()),
                month_names[static_cast<unsigned>(date.month()) - 1], static_cast<int>(date.year()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return text;
}

std::string header_text(std::string_view text, std::size_t header_name_length) {
  const std::size_t used = header_name_length + 2;  // "Name: "
  // Text that looks like an encoded-word would be decoded by the reader: encode it instead.
  if (is_printable_ascii(text) && text.find("=?") == std::string_view::npos) {
    auto folded = fold_at_spaces(text, used);
    if (longest_line_at_most(folded, used, preferred_line_length))
      return folded;
  }
  return encoded_words(text);
}

std::string mailbox_header(const Mailbox& mailbox, std::size_t header_name_length) {
  const std::string angle_address = "<" + mailbox.address + ">";
  const auto& name = mailbox.display_name;
  if (name.empty())
    return angle_address;
  const bool simple_phrase =
      std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || is_atext(c); }) &&
      name.front() != ' ' && name.back() != ' ';
  std::string phrase;
  if (simple_phrase) {
    phrase = name;
  } else if (is_printable_ascii(name) && name.find("=?") == std::string::npos) {
    phrase = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\')
        phrase += '\\';
      phrase += c;
    }
    phrase += "\"";
  } else {
    phrase = encoded_words(name);
  }
  const bool fits = longest_line_at_most(phrase + " " + angle_address, header_name_length + 2,
                                         encoded_word_line_length);
  return phrase + (fits ? " " : "\r\n ") + angle_address;
}

std::string quoted_printable(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  std::string line;
  auto flush_line = [&](bool hard_break) {
    // Whitespace at the end of a line may be dropped in transit, so it is encoded there.
    if (hard_break && !line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      const char last = line.back();
      line.pop_back();
      const std::string encoded = last == ' ' ? "=20" : "=09";
      if (line.size() + encoded.size() > quoted_printable_line_length) {
        out += line + "=\r\n";
        line.clear();
      }
      line += encoded;
    }
    out += line;
    out += hard_break ? "\r\n" : "=\r\n";
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        ++i;
      flush_line(true);
      continue;
    }
    const auto byte = static_cast<unsigned char>(c);
    std::string token;
    if ((byte >= 33 && byte <= 126 && c != '=') || c == ' ' || c == '\t') {
      token = c;
    } else {
      token = {'=', hex[byte >> 4], hex[byte & 0x0f]};
    }
    // Leave room for the "=" of a soft line break.
    if (line.size() + token.size() > quoted_printable_line_length - 1)
      flush_line(false);
    line += token;
  }
  if (!line.empty())
    flush_line(true);
  return out;
}

}  // namespace detail

Result<std::string> render(const Message& message) {
  struct Checked {
    const char* field;
    const std::string& value;
  };
  for (const auto& [field, value] :
       {Checked{"from_name", message.from.display_name},
        Checked{"to_name", message.to.display_name}, Checked{"subject", message.subject},
        Checked{"message_id", message.message_id}}) {
    if (auto problem = header_value_problem(value); !problem.empty())
      return invalid_field(field, problem);
  }
  if (!is_plain_address(message.from.address))
    return invalid_field("from", "The sender's address '" + message.from.address +
                                     "' is not a plain email address.");
  if (!is_plain_address(message.to.address))
    return invalid_field(
        "to", "The address '" + message.to.address + "' is not an email address we can send to.");
  if (message.subject.empty())
    return invalid_field("subject", "A mail needs a subject.");
  const auto& id = message.message_id;
  if (id.size() < 5 || id.front() != '<' || id.back() != '>' || id.find('@') == std::string::npos ||
      !is_printable_ascii(id) || id.find(' ') != std::string::npos)
    return invalid_field("message_id", "A Message-ID looks like <unique@domain>.");

  std::string out;
  append_header(out, "Date", detail::rfc5322_date(message.date));
  append_header(out, "From", detail::mailbox_header(message.from, 4));
  append_header(out, "To", detail::mailbox_header(message.to, 2));
  append_header(out, "Subject", detail::header_text(message.subject, 7));
  append_header(out, "Message-ID", message.message_id);
  append_header(out, "MIME-Version", "1.0");
  append_header(out, "Content-Type", "text/plain; charset=utf-8");
  append_header(out, "Content-Transfer-Encoding", "quoted-printable");
  // RFC 3834: no out-of-office replies to mail no person wrote.
  append_header(out, "Auto-Submitted", "auto-generated");
  out += "\r\n";
  out += detail::quoted_printable(message.body_text);
  return out;
}

}  // namespace plenary::mail
