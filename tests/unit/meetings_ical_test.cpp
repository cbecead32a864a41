// The iCalendar writer: escaping, folding at 75 octets without splitting UTF-8, CRLF.
#include <gtest/gtest.h>

#include <sstream>

#include "meetings/ical.hpp"
#include "votes/rules.hpp"

namespace plenary::meetings::ical {
namespace {

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "every line ends with CRLF";
    if (end == std::string::npos)
      break;
    lines.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

// Undoes folding (RFC 5545 3.1): CRLF followed by one space joins the lines.
std::string unfold(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool valid_utf8(const std::string& text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80         ? 1
                         : (c >> 5) == 6  ? 2
                         : (c >> 4) == 14 ? 3
                         : (c >> 3) == 30 ? 4
                                          : 0;
    if (length == 0 || i + length > text.size())
      return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
        return false;
    }
    i += length;
  }
  return true;
}

TEST(MeetingsIcal, EscapesTextValues) {
  EXPECT_EQ(escape_text("a,b;c\\d"), "a\\,b\\;c\\\\d");
  EXPECT_EQ(escape_text("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  EXPECT_EQ(escape_text("bell\x07gone"), "bellgone");
  EXPECT_EQ(escape_text("Café: 10:00"), "Café: 10:00");  // colons need no escape
}

TEST(MeetingsIcal, ShortLinesAreNotFolded) {
  EXPECT_EQ(fold_line("SUMMARY:Short"), "SUMMARY:Short\r\n");
  const std::string exactly(75, 'x');
  EXPECT_EQ(fold_line(exactly), exactly + "\r\n");
}

TEST(MeetingsIcal, FoldsAt75OctetsAndUnfoldsToTheSameLine) {
  const std::string line = "DESCRIPTION:" + std::string(200, 'a');
  const auto folded = fold_line(line);
  const auto lines = physical_lines(folded);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].size(), 75u);
  EXPECT_EQ(lines[1].size(), 75u);
  EXPECT_EQ(lines[1][0], ' ');
  EXPECT_EQ(unfold(folded), line + "\r\n");
}

TEST(MeetingsIcal, NeverSplitsAUtf8Character) {
  // "é" is two octets and "€" three: with an odd prefix, a naive cut would land inside one.
  std::string line = "SUMMARY:x";
  for (int i = 0; i < 40; ++i)
    line += "é€";
  const auto folded = fold_line(line);
  for (const auto& physical : physical_lines(folded)) {
    EXPECT_LE(physical.size(), 75u);
    const auto content = physical.starts_with(" ") ? physical.substr(1) : physical;
    EXPECT_TRUE(valid_utf8(content)) << physical;
  }
  EXPECT_EQ(unfold(folded), line + "\r\n");
}

TEST(MeetingsIcal, WritesACalendarWithEveryLineEndedByCrlf) {
  Event event;
  event.uid = "meeting-7@plenary.example.org";
  event.sequence = 3;
  event.stamp = *votes::parse_iso8601("2026-11-01T09:00:00Z");
  event.starts_at = *votes::parse_iso8601("2026-11-21T18:00:00Z");
  event.ends_at = *votes::parse_iso8601("2026-11-21T20:30:00Z");
  event.summary = "AGM, 2026; all welcome";
  event.description = "Line one\nLine two";
  event.location = "Hall";
  event.url = "https://plenary.example.org/meetings/7";
  event.cancelled = true;
  const auto text = write_calendar("Leith meetings", {event});
  EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      EXPECT_EQ(text[i - 1], '\r') << "bare LF at " << i;
    }
  }
  const auto unfolded = unfold(text);
  EXPECT_NE(unfolded.find("\r\nUID:meeting-7@plenary.example.org\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nSEQUENCE:3\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nDTSTART:20261121T180000Z\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nDTEND:20261121T203000Z\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nSUMMARY:AGM\\, 2026\\; all welcome\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nDESCRIPTION:Line one\\nLine two\r\n"), std::string::npos);
  EXPECT_NE(unfolded.find("\r\nSTATUS:CANCELLED\r\n"), std::string::npos);
  EXPECT_TRUE(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  EXPECT_TRUE(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
}

}  // namespace
}  // namespace plenary::meetings::ical
