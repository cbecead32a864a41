#pragma once
// Upper bounds, read from the source before parsing, on the work cmark-gfm 0.29.0.gfm.6 (Debian
// 12's) does for the input shapes where that work grows faster than the input. Releases from
// gfm.7 on fix most of these (GHSA-29g3-96g3-jg6c, GHSA-24f7-9frr-5h2r, GHSA-r572-jvj2-3m8p,
// GHSA-66g8-4hjf-77xh); here, 64 KiB of `a|b\n-|-\n` followed by a row of pipes takes minutes, and
// a few hundred table columns over many short rows take gigabytes. Every bound errs on the high
// side: a real post stays far below the budgets, so only crafted text is refused or degraded.
// Pure.
#include <cstdint>
#include <string_view>

namespace plenary::markdown {

struct ParseCost {
  // Bytes scanned for the end of `<?` and `<![CDATA[` (to the end of the paragraph: the scanner
  // misses some ends, such as that of `<?a??>`, and reads on) and of `<!DECL ` (to the next '>').
  std::uint64_t inline_html_scan = 0;
  // Bracket openers walked over when links close (every link closed walks back over every
  // `[` and `![` still open in its paragraph).
  std::uint64_t bracket_walk = 0;
  // Cells tables could hold, padding included: a row with fewer cells than the header gets empty
  // ones, so columns × rows, not the bytes written, is what counts.
  std::uint64_t table_cells = 0;
  // Σ pipes² over the lines that could be table rows (cells are appended to a linked list).
  std::uint64_t table_row_width = 0;
  // Bytes scanned after each `www.` by the autolink extension, to the next white space.
  std::uint64_t www_autolink_scan = 0;
  // Bytes scanned after each '@' and "://" by the autolink extension, to the paragraph's end.
  std::uint64_t address_autolink_scan = 0;
};

// What a render may cost, in the units above. Calibrated on this machine with 64 KiB inputs: at
// these budgets each shape takes a few tens of milliseconds at most; a real post with long
// tables, hundreds of links and addresses uses a few per cent of them.
struct ParseBudget {
  std::uint64_t inline_html_scan = 8'000'000;
  std::uint64_t bracket_walk = 8'000'000;
  std::uint64_t table_cells = 50'000;
  std::uint64_t table_row_width = 2'000'000;
  std::uint64_t www_autolink_scan = 2'000'000;
  std::uint64_t address_autolink_scan = 32'000'000;
};

ParseCost estimate_parse_cost(std::string_view source);

}  // namespace plenary::markdown
