#include "markdown/parse_cost.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace plenary::markdown {
namespace {

struct Line {
  std::size_t begin = 0;
  std::size_t end = 0;  // line ending excluded
};

// cmark-gfm ends lines at LF, CR and CRLF.
std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t begin = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.push_back({begin, i});
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
        ++i;
      begin = i + 1;
    }
  }
  if (begin < text.size())
    lines.push_back({begin, text.size()});
  return lines;
}

// A blank line (spaces and tabs only, as cmark-gfm sees it) ends every paragraph and table, so
// the runs of lines between blank lines bound where inline parsing and table rows can reach.
bool is_blank(std::string_view line) {
  return std::all_of(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::size_t count_of(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

bool is_table_space(char c) {
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

// After the quote markers, list markers and indentation that may lead a line, only what a table's
// delimiter row (`|:--|--:|`) is made of, with at least one pipe and one dash.
bool could_be_delimiter_row(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    char c = line[i];
    if (is_table_space(c) || c == '>') {
      ++i;
    } else if ((c == '-' || c == '+' || c == '*') && i + 1 < line.size() &&
               is_table_space(line[i + 1])) {
      i += 2;
    } else if (c >= '0' && c <= '9') {
      std::size_t j = i;
      while (j < line.size() && line[j] >= '0' && line[j] <= '9')
        ++j;
      if (j + 1 < line.size() && (line[j] == '.' || line[j] == ')') &&
          is_table_space(line[j + 1])) {
        i = j + 2;
      } else {
        break;
      }
    } else {
      break;
    }
  }
  std::string_view rest = line.substr(i);
  // Looked for in the whole line: skipping list markers may have eaten a first cell's '-'.
  bool has_dash = line.find('-') != std::string_view::npos;
  bool has_pipe = line.find('|') != std::string_view::npos;
  bool only_row_characters = std::all_of(rest.begin(), rest.end(), [](char c) {
    return c == '|' || c == '-' || c == ':' || is_table_space(c);
  });
  return has_dash && has_pipe && only_row_characters;
}

void add_table_cost(std::string_view text, const std::vector<Line>& lines, std::size_t first,
                    std::size_t last, ParseCost& cost) {
  std::uint64_t widest_header = 0;
  std::uint64_t pipes_squared = 0;
  for (std::size_t l = first; l <= last; ++l) {
    std::string_view line = text.substr(lines[l].begin, lines[l].end - lines[l].begin);
    auto pipes = static_cast<std::uint64_t>(std::count(line.begin(), line.end(), '|'));
    pipes_squared += pipes * pipes;
    if (could_be_delimiter_row(line))
      widest_header = std::max(widest_header, pipes + 1);
  }
  if (widest_header == 0)
    return;  // no table can start here
  cost.table_cells += widest_header * (last - first + 1);
  cost.table_row_width += pipes_squared;
}

void add_bracket_cost(std::string_view stretch, bool has_reference_definitions, ParseCost& cost) {
  auto openers = static_cast<std::uint64_t>(std::count(stretch.begin(), stretch.end(), '['));
  // Without definitions only inline links `](` can close; with them, any `]` may.
  auto closers = static_cast<std::uint64_t>(has_reference_definitions
                                                ? std::count(stretch.begin(), stretch.end(), ']')
                                                : count_of(stretch, "]("));
  cost.bracket_walk += openers * closers;
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

void add_inline_html_cost(std::string_view stretch, ParseCost& cost) {
  std::size_t size = stretch.size();
  // next_gt[i]: where the first '>' at or after i is (size when there is none).
  std::vector<std::size_t> next_gt(size + 1, size);
  for (std::size_t i = size; i-- > 0;) {
    next_gt[i] = stretch[i] == '>' ? i : next_gt[i + 1];
  }
  for (std::size_t i = stretch.find('<'); i != std::string_view::npos;
       i = stretch.find('<', i + 1)) {
    std::string_view here = stretch.substr(i);
    std::size_t scanned_to = i;
    if (here.starts_with("<?") || here.starts_with("<![CDATA[")) {
      // Counted to the end of the paragraph, closed or not: gfm.6's scanner misses some ends
      // (`<?a??>` is never a processing instruction to it) and then reads on to the end.
      scanned_to = size;
    } else if (here.size() > 2 && here[1] == '!' && is_ascii_letter(here[2])) {
      scanned_to = next_gt[i + 2];
    }
    cost.inline_html_scan += scanned_to - i;
  }
}

// gfm.6 scans a www. link to the next white space and only then cuts it at a '<'.
bool is_autolink_stop(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void add_autolink_cost(std::string_view stretch, ParseCost& cost) {
  std::size_t size = stretch.size();
  std::vector<std::size_t> run_to_stop(size + 1, 0);
  for (std::size_t i = size; i-- > 0;) {
    run_to_stop[i] = is_autolink_stop(stretch[i]) ? 0 : run_to_stop[i + 1] + 1;
  }
  for (std::size_t at = stretch.find("www."); at != std::string_view::npos;
       at = stretch.find("www.", at + 1)) {
    cost.www_autolink_scan += run_to_stop[at];
  }
  for (std::size_t i = 0; i < size; ++i) {
    if (stretch[i] == '@' || stretch.substr(i).starts_with("://")) {
      cost.address_autolink_scan += size - i;
    }
  }
}

}  // namespace

ParseCost estimate_parse_cost(std::string_view source) {
  ParseCost cost;
  std::vector<Line> lines = split_lines(source);
  bool has_reference_definitions = source.find("]:") != std::string_view::npos;
  std::size_t l = 0;
  while (l < lines.size()) {
    auto line_text = [&](std::size_t n) {
      return source.substr(lines[n].begin, lines[n].end - lines[n].begin);
    };
    if (is_blank(line_text(l))) {
      ++l;
      continue;
    }
    std::size_t first = l;
    while (l + 1 < lines.size() && !is_blank(line_text(l + 1)))
      ++l;
    std::size_t last = l;
    ++l;
    // Inline parsing, with its scans and bracket stack, never reaches past a blank line.
    std::string_view stretch =
        source.substr(lines[first].begin, lines[last].end - lines[first].begin);
    add_table_cost(source, lines, first, last, cost);
    add_bracket_cost(stretch, has_reference_definitions, cost);
    add_inline_html_cost(stretch, cost);
    add_autolink_cost(stretch, cost);
  }
  return cost;
}

}  // namespace plenary::markdown
