#include "votes/model.hpp"

#include "core/words.hpp"

namespace plenary::votes {
namespace {

constexpr Words<VoteMethod, 6> method_words{
    {"yes_no", "single_choice", "approval", "irv", "scottish_stv", "meek_stv"}};
constexpr Words<Threshold, 3> threshold_words{{"simple_majority", "two_thirds", "three_quarters"}};
constexpr Words<BallotStatus, 4> status_words{{"scheduled", "open", "closed", "cancelled"}};

}  // namespace

std::optional<VoteMethod> parse_method(std::string_view text) {
  return method_words.parse(text);
}
std::string_view method_name(VoteMethod method) {
  return method_words.name(method);
}
const std::vector<std::string>& method_names() {
  static const std::vector<std::string> names = method_words.all();
  return names;
}
bool is_ranked(VoteMethod method) {
  return method == VoteMethod::irv || method == VoteMethod::scottish_stv ||
         method == VoteMethod::meek_stv;
}

std::optional<Threshold> parse_threshold(std::string_view text) {
  return threshold_words.parse(text);
}
std::string_view threshold_name(Threshold threshold) {
  return threshold_words.name(threshold);
}
const std::vector<std::string>& threshold_names() {
  static const std::vector<std::string> names = threshold_words.all();
  return names;
}

std::optional<BallotStatus> parse_status(std::string_view text) {
  return status_words.parse(text);
}
std::string_view status_name(BallotStatus status) {
  return status_words.name(status);
}

}  // namespace plenary::votes
