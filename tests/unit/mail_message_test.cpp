// Building outgoing messages: dates, encoded-words, folding, quoted-printable, and refusing
// header injection. Decoding is done here independently of the encoder, so a round trip checks
// that what we write is what a mail reader would show.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/base64url.hpp"
#include "mail/message.hpp"

namespace plenary::mail {
namespace {

using namespace std::chrono;

TimePoint utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (;;) {
    auto end = text.find("\r\n", start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      return lines;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
}

std::string unfold(std::string text) {
  for (auto at = text.find("\r\n"); at != std::string::npos; at = text.find("\r\n"))
    text.erase(at, 2);
  return text;
}

std::string base64_decode(std::string text) {
  while (!text.empty() && text.back() == '=')
    text.pop_back();
  for (char& c : text) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  auto decoded = base64url_decode(text);
  EXPECT_TRUE(decoded.has_value()) << text;
  return decoded.value_or("");
}

// RFC 2047 decoding of a header value made only of B-encoded UTF-8 words and folding.
std::vector<std::string> encoded_word_texts(const std::string& value) {
  std::vector<std::string> texts;
  const std::string prefix = "=?utf-8?B?";
  std::size_t at = 0;
  while ((at = value.find(prefix, at)) != std::string::npos) {
    const auto end = value.find("?=", at + prefix.size());
    EXPECT_NE(end, std::string::npos);
    texts.push_back(base64_decode(value.substr(at + prefix.size(), end - at - prefix.size())));
    at = end + 2;
  }
  return texts;
}

std::string decode_quoted_printable(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '=') {
      out += text[i];
    } else if (text.compare(i, 3, "=\r\n") == 0) {
      i += 2;
    } else {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    }
  }
  return out;
}

bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xc0) == 0x80;
}

Message sample() {
  return {.from = {"plenary@example.org", "Plenary"},
          .to = {"ada@example.net", "Ada Lovelace"},
          .subject = "Confirm your signature",
          .body_text = "Hello Ada,\n\nFollow this link: https://example.org/confirm?token=abc\n",
          .date = utc(2026, 11, 21, 8, 48, 19),
          .message_id = "<0123abcd@example.org>"};
}

TEST(MailDate, IsRfc5322InUtc) {
  EXPECT_EQ(detail::rfc5322_date(utc(2026, 11, 21, 8, 48, 19)), "Sat, 21 Nov 2026 08:48:19 +0000");
  EXPECT_EQ(detail::rfc5322_date(TimePoint{}), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(detail::rfc5322_date(utc(2024, 2, 29, 23, 59, 59) + milliseconds(999)),
            "Thu, 29 Feb 2024 23:59:59 +0000");
}

TEST(MailHeaderText, ShortAsciiStaysPlain) {
  EXPECT_EQ(detail::header_text("Confirm your signature", 7), "Confirm your signature");
}

TEST(MailHeaderText, LongAsciiIsFoldedAtSpacesAndUnfoldsToTheOriginal) {
  std::string subject;
  for (int i = 0; i < 30; ++i)
    subject += "word" + std::to_string(i) + " ";
  subject += "end";
  const auto value = detail::header_text(subject, 7);
  EXPECT_NE(value.find("\r\n "), std::string::npos);
  EXPECT_EQ(unfold(value), subject);
  const auto lines = split_lines("Subject: " + value);
  for (const auto& line : lines)
    EXPECT_LE(line.size(), 78u) << line;
}

TEST(MailHeaderText, NonAsciiBecomesEncodedWordsOfWholeCharacters) {
  // 2-, 3- and 4-byte characters, long enough for several words.
  const std::string subject =
      "Bestätigen Sie Ihre Unterschrift für „Bäume für Köln“ — 署名を確認してください 🌳🌳🌳";
  const auto value = detail::header_text(subject, 7);
  EXPECT_EQ(value.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=?- \r\n"),
            std::string::npos)
      << value;
  const auto words = encoded_word_texts(value);
  ASSERT_GT(words.size(), 2u);
  std::string joined;
  for (const auto& word : words) {
    ASSERT_FALSE(word.empty());
    EXPECT_FALSE(is_utf8_continuation(word.front())) << "a word starts inside a character";
    joined += word;
  }
  EXPECT_EQ(joined, subject);
  for (const auto& line : split_lines("Subject: " + value))
    EXPECT_LE(line.size(), 76u) << line;
}

TEST(MailHeaderText, TextThatLooksEncodedIsEncodedSoItReadsTheSame) {
  const std::string subject = "About =?utf-8?B?SGk=?= strings";
  const auto value = detail::header_text(subject, 7);
  EXPECT_NE(value, subject);
  std::string joined;
  for (const auto& word : encoded_word_texts(value))
    joined += word;
  EXPECT_EQ(joined, subject);
}

TEST(MailMailbox, NamesAreLeftQuotedOrEncodedAsNeeded) {
  EXPECT_EQ(detail::mailbox_header({"ada@example.net", ""}, 2), "<ada@example.net>");
  EXPECT_EQ(detail::mailbox_header({"ada@example.net", "Ada Lovelace"}, 2),
            "Ada Lovelace <ada@example.net>");
  EXPECT_EQ(detail::mailbox_header({"ada@example.net", "Lovelace, Ada"}, 2),
            "\"Lovelace, Ada\" <ada@example.net>");
  EXPECT_EQ(detail::mailbox_header({"ada@example.net", "Ada \"Countess\" L\\"}, 2),
            "\"Ada \\\"Countess\\\" L\\\\\" <ada@example.net>");
  const auto encoded = detail::mailbox_header({"jose@example.net", "José Müller"}, 2);
  EXPECT_EQ(encoded_word_texts(encoded), std::vector<std::string>{"José Müller"});
  EXPECT_TRUE(encoded.ends_with(" <jose@example.net>")) << encoded;
}

TEST(MailQuotedPrintable, EncodesWhatIsNotPlainAscii) {
  EXPECT_EQ(detail::quoted_printable("Café"), "Caf=C3=A9\r\n");
  EXPECT_EQ(detail::quoted_printable("a = b"), "a =3D b\r\n");
  EXPECT_EQ(detail::quoted_printable("tab\there"), "tab\there\r\n");
}

TEST(MailQuotedPrintable, LineEndingsBecomeCrlfAndTrailingSpaceIsProtected) {
  EXPECT_EQ(detail::quoted_printable("one\ntwo\r\nthree\rfour"), "one\r\ntwo\r\nthree\r\nfour\r\n");
  EXPECT_EQ(detail::quoted_printable("ends with space \nand tab\t"),
            "ends with space=20\r\nand tab=09\r\n");
  EXPECT_EQ(detail::quoted_printable("a\n\nb\n"), "a\r\n\r\nb\r\n");
}

TEST(MailQuotedPrintable, LongLinesGetSoftBreaksAndDecodeToTheOriginal) {
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "Grüße=" + std::to_string(i) + " ";
  text += "\nshort line\n" + std::string(200, 'x') + "\n";
  const auto encoded = detail::quoted_printable(text);
  for (const auto& line : split_lines(encoded))
    EXPECT_LE(line.size(), 76u) << line;
  std::string expected = text;
  for (auto at = expected.find('\n'); at != std::string::npos; at = expected.find('\n', at + 2))
    expected.replace(at, 1, "\r\n");
  EXPECT_EQ(decode_quoted_printable(encoded), expected);
}

TEST(MailQuotedPrintable, LeavesLeadingDotsToTheTransport) {
  // libcurl dot-stuffs DATA; encoding here as well would double the dot for the reader.
  EXPECT_EQ(detail::quoted_printable(".\n.hidden"), ".\r\n.hidden\r\n");
}

TEST(MailAddress, PlainAddressesOnly) {
  for (const char* good : {"ada@example.net", "a.b+tag@sub.example.org", "x@localhost",
                           "o'brien@example.ie", "user_1@example-site.co.uk"}) {
    EXPECT_TRUE(is_plain_address(good)) << good;
  }
  for (const char* bad :
       {"", "ada", "@example.net", "ada@", "ada@@example.net", "a da@example.net",
        "ada@exa mple.net", "<ada@example.net>", "ada@example.net>\r\nRCPT TO:<eve@example.net",
        "ada@example.net\n", ".ada@example.net", "ada.@example.net", "a..da@example.net",
        "ada@-example.net", "ada@example..net", "josé@example.net", "ada@exämple.net",
        "\"quoted\"@example.net"}) {
    EXPECT_FALSE(is_plain_address(bad)) << bad;
  }
  EXPECT_FALSE(is_plain_address(std::string(65, 'a') + "@example.net"));
  EXPECT_FALSE(is_plain_address("a@" + std::string(250, 'b') + ".net"));
}

TEST(MailMessageId, UsesTheSendersDomain) {
  EXPECT_EQ(make_message_id("1f2e", "plenary@mail.example.org"), "<1f2e@mail.example.org>");
}

TEST(MailRender, HeadersThenBlankLineThenBody) {
  auto rendered = render(sample());
  ASSERT_TRUE(rendered.ok()) << rendered.error().detail;
  const std::string& text = *rendered;
  const auto blank = text.find("\r\n\r\n");
  ASSERT_NE(blank, std::string::npos);
  const std::string headers = text.substr(0, blank + 2);
  EXPECT_EQ(headers,
            "Date: Sat, 21 Nov 2026 08:48:19 +0000\r\n"
            "From: Plenary <plenary@example.org>\r\n"
            "To: Ada Lovelace <ada@example.net>\r\n"
            "Subject: Confirm your signature\r\n"
            "Message-ID: <0123abcd@example.org>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: quoted-printable\r\n"
            "Auto-Submitted: auto-generated\r\n");
  EXPECT_EQ(text.substr(blank + 4),
            "Hello Ada,\r\n\r\nFollow this link: https://example.org/confirm?token=3Dabc\r\n");
  // No bare LF or CR anywhere: SMTP lines end in CRLF.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      EXPECT_EQ(text[i - 1], '\r') << "bare LF at " << i;
    }
    if (text[i] == '\r') {
      EXPECT_EQ(text[i + 1], '\n') << "bare CR at " << i;
    }
  }
}

TEST(MailRender, RefusesLineBreaksInAnyHeaderValue) {
  for (const char* injected : {"Hi\r\nBcc: eve@example.net", "Hi\nBcc: eve@example.net",
                               "Hi\rBcc: eve@example.net", "Hi\r\n\r\nfake body"}) {
    auto subject = sample();
    subject.subject = injected;
    auto refused = render(subject);
    ASSERT_FALSE(refused.ok()) << injected;
    ASSERT_EQ(refused.error().fields.size(), 1u);
    EXPECT_EQ(refused.error().fields[0].field, "subject");

    auto to_name = sample();
    to_name.to.display_name = injected;
    EXPECT_FALSE(render(to_name).ok());

    auto from_name = sample();
    from_name.from.display_name = injected;
    EXPECT_FALSE(render(from_name).ok());
  }
  auto nul = sample();
  nul.subject = std::string("Hi\0there", 8);
  EXPECT_FALSE(render(nul).ok());
}

TEST(MailRender, RefusesAddressesAndIdsThatAreNotPlain) {
  auto to = sample();
  to.to.address = "ada@example.net>\r\nRCPT TO:<eve@example.net";
  auto refused = render(to);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields[0].field, "to");

  auto from = sample();
  from.from.address = "not an address";
  EXPECT_FALSE(render(from).ok());

  auto id = sample();
  id.message_id = "<a b@example.org>";
  EXPECT_FALSE(render(id).ok());
  id.message_id = "no-brackets@example.org";
  EXPECT_FALSE(render(id).ok());

  auto empty = sample();
  empty.subject = "";
  EXPECT_FALSE(render(empty).ok());
}

TEST(MailRender, NonAsciiSubjectAndNameAreEncodedAndBodyIsQuotedPrintable) {
  auto message = sample();
  message.subject = "Unterschrift bestätigen";
  message.to.display_name = "Zoë";
  message.body_text = "Grüße\n";
  auto rendered = render(message);
  ASSERT_TRUE(rendered.ok()) << rendered.error().detail;
  EXPECT_NE(rendered->find("Subject: =?utf-8?B?"), std::string::npos);
  EXPECT_NE(rendered->find("To: =?utf-8?B?"), std::string::npos);
  EXPECT_TRUE(rendered->ends_with("\r\n\r\nGr=C3=BC=C3=9Fe\r\n")) << *rendered;
  // Everything on the wire is 7-bit.
  for (char c : *rendered)
    EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

}  // namespace
}  // namespace plenary::mail
