#pragma once
// Fixed-point decimal arithmetic on integers. A count with `places` decimal places keeps every
// vote as a whole number of 10^-places units, so sums are exact and every rounding is a
// visible, deliberate step (truncation in the Scottish rule, rounding up in the Meek rule).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace plenary::votes::counting {

__extension__ using WideInt = __int128;  // holds the product of two 64-bit values exactly

constexpr std::int64_t units_per_vote(int places) {
  std::int64_t scale = 1;
  for (int i = 0; i < places; ++i) {
    scale *= 10;
  }
  return scale;
}

// floor(a * b / c) for a, b >= 0 and c > 0; the caller guarantees the result fits in 64 bits.
constexpr std::int64_t multiply_divide_down(std::int64_t a, std::int64_t b, std::int64_t c) {
  return static_cast<std::int64_t>(static_cast<WideInt>(a) * b / c);
}

// ceil(a * b / c) for a, b >= 0 and c > 0.
constexpr std::int64_t multiply_divide_up(std::int64_t a, std::int64_t b, std::int64_t c) {
  const WideInt product = static_cast<WideInt>(a) * b;
  return static_cast<std::int64_t>((product + c - 1) / c);
}

// "1234.56789" for units = 123456789, places = 5; "-0.00001" for -1; "42" for places = 0.
std::string format_decimal(std::int64_t units, int places);

// The exact number of units in a decimal such as "12.5" or "-3.000000001"; nothing if the text
// is not a plain decimal, has more than `places` decimals, or does not fit.
std::optional<std::int64_t> parse_decimal(std::string_view text, int places);

}  // namespace plenary::votes::counting
