#include "proposals/model.hpp"

#include <array>
#include <utility>

namespace plenary::proposals {
namespace {

struct StateWords {
  State state;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<StateWords, 9> state_words{{
    {State::draft, "draft", "Draft"},
    {State::gathering_support, "gathering_support", "Gathering support"},
    {State::qualified, "qualified", "Qualified: waiting to be scheduled"},
    {State::scheduled, "scheduled", "Scheduled for a decision"},
    {State::voting, "voting", "Being voted on"},
    {State::passed, "passed", "Passed"},
    {State::rejected, "rejected", "Rejected"},
    {State::no_quorum, "no_quorum", "Not decided: the vote did not reach its quorum"},
    {State::withdrawn, "withdrawn", "Withdrawn"},
}};

constexpr std::array<std::pair<AmendmentState, std::string_view>, 5> amendment_words{{
    {AmendmentState::proposed, "proposed"},
    {AmendmentState::voting, "voting"},
    {AmendmentState::accepted, "accepted"},
    {AmendmentState::rejected, "rejected"},
    {AmendmentState::withdrawn, "withdrawn"},
}};

}  // namespace

std::optional<State> parse_state(std::string_view text) {
  for (const auto& words : state_words) {
    if (words.name == text)
      return words.state;
  }
  return std::nullopt;
}

std::string_view state_name(State state) {
  return state_words[static_cast<std::size_t>(state)].name;
}

std::string_view state_label(State state) {
  return state_words[static_cast<std::size_t>(state)].label;
}

const std::vector<std::string>& state_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& words : state_words)
      all.emplace_back(words.name);
    return all;
  }();
  return names;
}

std::optional<AmendmentState> parse_amendment_state(std::string_view text) {
  for (const auto& [state, name] : amendment_words) {
    if (name == text)
      return state;
  }
  return std::nullopt;
}

std::string_view amendment_state_name(AmendmentState state) {
  return amendment_words[static_cast<std::size_t>(state)].second;
}

}  // namespace plenary::proposals
