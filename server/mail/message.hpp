#pragma once
// Building an Internet message (RFC 5322, with MIME) from what a module wants to say. Pure: no
// I/O, no clock; the caller supplies the date and the Message-ID, so the same mail renders the
// same bytes on every retry.
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/error.hpp"

namespace plenary::mail {

struct Mailbox {
  std::string address;       // local@domain, ASCII: we do not speak SMTPUTF8
  std::string display_name;  // any UTF-8; may be empty
};

struct Message {
  Mailbox from;
  Mailbox to;
  std::string subject;    // UTF-8, one line
  std::string body_text;  // UTF-8, any line endings
  TimePoint date;
  std::string message_id;  // "<unique@domain>", see make_message_id
};

// The whole message, CRLF line endings, ready for SMTP DATA (the transport does the
// dot-stuffing). Refuses CR, LF or NUL in any header value, so no caller can add headers or
// recipients through a subject or a name, and addresses that are not plain local@domain.
Result<std::string> render(const Message& message);

// local@domain with a dot-atom local part and a host name domain, at most 254 characters: every
// address we accept can go into a header and an SMTP command as it is.
bool is_plain_address(std::string_view address);

// Why a header value cannot be used as it is ("" when it can): line breaks and NUL.
std::string header_value_problem(std::string_view value);

// "<unique@domain>", the domain taken from the sender's address so the id is ours.
std::string make_message_id(std::string_view unique_part, std::string_view from_address);

// The parts of render, exposed for their tests.
namespace detail {
// "Sat, 21 Nov 2026 08:48:19 +0000": always UTC.
std::string rfc5322_date(TimePoint time);
// Unstructured header text as it goes after "Name: ": plain when it is printable ASCII (folded
// at spaces to keep lines short), else RFC 2047 encoded-words of whole UTF-8 characters.
std::string header_text(std::string_view text, std::size_t header_name_length);
// "Name <address>", the name quoted or encoded as it needs.
std::string mailbox_header(const Mailbox& mailbox, std::size_t header_name_length);
// The body in quoted-printable with CRLF line endings and lines of at most 76 characters.
std::string quoted_printable(std::string_view text);
}  // namespace detail

}  // namespace plenary::mail
