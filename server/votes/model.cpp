#include "votes/model.hpp"

#include <array>
#include <utility>

namespace plenary::votes {
namespace {

template <class Enum, std::size_t N>
std::optional<Enum> find_word(const std::array<std::pair<Enum, std::string_view>, N>& words,
                              std::string_view text) {
  for (const auto& [value, word] : words) {
    if (word == text)
      return value;
  }
  return std::nullopt;
}

template <class Enum, std::size_t N>
std::string_view word_of(const std::array<std::pair<Enum, std::string_view>, N>& words,
                         Enum value) {
  for (const auto& [candidate, word] : words) {
    if (candidate == value)
      return word;
  }
  return {};
}

constexpr std::array<std::pair<VoteMethod, std::string_view>, 6> method_words{{
    {VoteMethod::yes_no, "yes_no"},
    {VoteMethod::single_choice, "single_choice"},
    {VoteMethod::approval, "approval"},
    {VoteMethod::irv, "irv"},
    {VoteMethod::scottish_stv, "scottish_stv"},
    {VoteMethod::meek_stv, "meek_stv"},
}};

constexpr std::array<std::pair<Threshold, std::string_view>, 3> threshold_words{{
    {Threshold::simple_majority, "simple_majority"},
    {Threshold::two_thirds, "two_thirds"},
    {Threshold::three_quarters, "three_quarters"},
}};

constexpr std::array<std::pair<BallotStatus, std::string_view>, 4> status_words{{
    {BallotStatus::scheduled, "scheduled"},
    {BallotStatus::open, "open"},
    {BallotStatus::closed, "closed"},
    {BallotStatus::cancelled, "cancelled"},
}};

template <class Enum, std::size_t N>
std::vector<std::string> all_words(const std::array<std::pair<Enum, std::string_view>, N>& words) {
  std::vector<std::string> names;
  for (const auto& entry : words)
    names.emplace_back(entry.second);
  return names;
}

}  // namespace

std::optional<VoteMethod> parse_method(std::string_view text) {
  return find_word(method_words, text);
}
std::string_view method_name(VoteMethod method) {
  return word_of(method_words, method);
}
const std::vector<std::string>& method_names() {
  static const std::vector<std::string> names = all_words(method_words);
  return names;
}
bool is_ranked(VoteMethod method) {
  return method == VoteMethod::irv || method == VoteMethod::scottish_stv ||
         method == VoteMethod::meek_stv;
}

std::optional<Threshold> parse_threshold(std::string_view text) {
  return find_word(threshold_words, text);
}
std::string_view threshold_name(Threshold threshold) {
  return word_of(threshold_words, threshold);
}
const std::vector<std::string>& threshold_names() {
  static const std::vector<std::string> names = all_words(threshold_words);
  return names;
}

std::optional<BallotStatus> parse_status(std::string_view text) {
  return find_word(status_words, text);
}
std::string_view status_name(BallotStatus status) {
  return word_of(status_words, status);
}

}  // namespace plenary::votes
