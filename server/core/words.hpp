#pragma once
// The words the API uses for an enumeration, in the order of its enumerators (which must run
// 0, 1, 2, …): one table per enumeration, read both ways.
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace plenary {

template <class Enum, std::size_t N>
struct Words {
  std::array<const char*, N> names;

  std::optional<Enum> parse(std::string_view text) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (text == names[i])
        return static_cast<Enum>(i);
    }
    return std::nullopt;
  }
  std::string_view name(Enum value) const { return names[static_cast<std::size_t>(value)]; }
  std::vector<std::string> all() const { return {names.begin(), names.end()}; }
};

}  // namespace plenary
