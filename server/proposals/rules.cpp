#include "proposals/rules.hpp"

#include <algorithm>
#include <dtl/dtl.hpp>

namespace plenary::proposals {

// ---- The state machine ------------------------------------------------------------------------

std::string_view event_name(Event event) {
  switch (event) {
    case Event::publish:
      return "publish";
    case Event::reach_support:
      return "reach_support";
    case Event::schedule:
      return "schedule";
    case Event::ballot_opened:
      return "ballot_opened";
    case Event::ballot_passed:
      return "ballot_passed";
    case Event::ballot_rejected:
      return "ballot_rejected";
    case Event::ballot_no_quorum:
      return "ballot_no_quorum";
    case Event::ballot_cancelled:
      return "ballot_cancelled";
    case Event::withdraw:
      return "withdraw";
  }
  return "unknown";
}

namespace {

constexpr Standing author_only{.author = true};
constexpr Standing members{.member = true};
constexpr Standing officers{.officer = true};
constexpr Standing author_or_officers{.author = true, .officer = true};
constexpr Standing the_system{.system = true};

bool may(const Standing& allowed, const Standing& who) {
  return (allowed.author && who.author) || (allowed.member && who.member) ||
         (allowed.officer && who.officer) || (allowed.system && who.system);
}

// What the refusal tells a person trying it in the wrong state.
std::string what_cannot_happen(Event event) {
  switch (event) {
    case Event::publish:
      return "published: only a draft can be";
    case Event::reach_support:
      return "qualified by support: only a proposal gathering support can be";
    case Event::schedule:
      return "scheduled: only a proposal gathering support or qualified can be";
    case Event::ballot_opened:
      return "opened for voting: only a scheduled proposal can be";
    case Event::ballot_passed:
    case Event::ballot_rejected:
    case Event::ballot_no_quorum:
      return "decided: only a proposal being voted on can be";
    case Event::ballot_cancelled:
      return "sent back to be scheduled: only a scheduled proposal can be";
    case Event::withdraw:
      return "withdrawn: once voting has started, or it is decided, it stays on the record";
  }
  return "changed that way";
}

std::string who_may(const Standing& allowed) {
  if (allowed.system)
    return "This change happens only when its ballot opens, closes or is cancelled.";
  if (allowed.author && allowed.officer)
    return "Only the proposal's author or an officer of the group can do that.";
  if (allowed.author)
    return "Only the proposal's author can do that.";
  if (allowed.officer)
    return "Only officers of the group can do that.";
  return "Only members of the group can do that.";
}

}  // namespace

const std::vector<Transition>& transitions() {
  using S = State;
  using E = Event;
  static const std::vector<Transition> table = {
      {S::draft, E::publish, S::gathering_support, author_only},
      {S::gathering_support, E::reach_support, S::qualified, members},
      // Officers may put a proposal to the vote before it has the support (VOTES.md).
      {S::gathering_support, E::schedule, S::scheduled, officers},
      {S::qualified, E::schedule, S::scheduled, officers},
      {S::scheduled, E::ballot_opened, S::voting, the_system},
      {S::voting, E::ballot_passed, S::passed, the_system},
      {S::voting, E::ballot_rejected, S::rejected, the_system},
      {S::voting, E::ballot_no_quorum, S::no_quorum, the_system},
      // A ballot can open and close between two looks of the ticker; the decision still stands.
      {S::scheduled, E::ballot_passed, S::passed, the_system},
      {S::scheduled, E::ballot_rejected, S::rejected, the_system},
      {S::scheduled, E::ballot_no_quorum, S::no_quorum, the_system},
      // A cancelled ballot decided nothing: officers owe the proposal a new date.
      {S::scheduled, E::ballot_cancelled, S::qualified, the_system},
      {S::voting, E::ballot_cancelled, S::qualified, the_system},
      {S::draft, E::withdraw, S::withdrawn, author_only},
      {S::gathering_support, E::withdraw, S::withdrawn, author_or_officers},
      {S::qualified, E::withdraw, S::withdrawn, author_or_officers},
      {S::scheduled, E::withdraw, S::withdrawn, author_or_officers},
  };
  return table;
}

Result<State> next_state(State from, Event event, const Standing& who) {
  for (const auto& transition : transitions()) {
    if (transition.from != from || transition.event != event)
      continue;
    if (!may(transition.allowed, who))
      return forbidden(who_may(transition.allowed), "not_allowed");
    return transition.to;
  }
  return conflict("This proposal is " + std::string(state_name(from)) + " and cannot be " +
                      what_cannot_happen(event) + ".",
                  "wrong_state");
}

bool open_for_amendments(State state) {
  return state == State::gathering_support || state == State::qualified;
}

bool open_for_support(State state) {
  return state == State::gathering_support || state == State::qualified;
}

bool decided(State state) {
  return state == State::passed || state == State::rejected || state == State::no_quorum;
}

// ---- Support threshold ------------------------------------------------------------------------

namespace {

std::string supporters(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " supporter" : " supporters");
}

std::string members_of(std::int64_t count) {
  return std::to_string(count) + (count == 1 ? " member" : " members");
}

// The share with its exact value when rounding changed it: "5% of the 30 members (1.5, rounded
// up to 2)"; "5% of the 240 members (12)".
std::string share_words(int percent, std::int64_t member_count, std::int64_t rounded) {
  const std::int64_t hundredths = member_count * percent;
  std::string words = std::to_string(percent) + "% of the " + members_of(member_count) + " (";
  if (hundredths % 100 == 0)
    return words + std::to_string(rounded) + ")";
  std::string fraction = std::to_string(hundredths % 100);
  if (fraction.size() == 1)
    fraction.insert(0, "0");
  if (fraction.back() == '0')
    fraction.pop_back();
  return words + std::to_string(hundredths / 100) + "." + fraction + ", rounded up to " +
         std::to_string(rounded) + ")";
}

std::int64_t share_rounded_up(int percent, std::int64_t member_count) {
  return (member_count * percent + 99) / 100;
}

}  // namespace

SupportThreshold support_threshold(const SupportSettings& settings, std::int64_t member_count) {
  member_count = std::max<std::int64_t>(member_count, 0);
  std::int64_t needed = 0;
  std::string explanation;
  if (settings.support_count && settings.support_percent) {
    const auto share = share_rounded_up(*settings.support_percent, member_count);
    needed = std::min<std::int64_t>(*settings.support_count, share);
    explanation = supporters(*settings.support_count) + " or " +
                  share_words(*settings.support_percent, member_count, share) +
                  ", whichever is fewer";
  } else if (settings.support_count) {
    needed = *settings.support_count;
    explanation = "The group's threshold is a fixed number";
  } else {
    const int percent = settings.support_percent.value_or(default_support_percent);
    needed = share_rounded_up(percent, member_count);
    explanation = share_words(percent, member_count, needed);
    if (!settings.support_percent)
      explanation = "The group has set no threshold, so the default applies: " + explanation;
  }
  if (needed < 1) {
    needed = 1;
    explanation += "; at least 1 supporter is always needed";
  }
  return {needed, explanation + ": " + supporters(needed) + " needed."};
}

// ---- Amendments -------------------------------------------------------------------------------

std::string_view diff_op_name(DiffOp op) {
  switch (op) {
    case DiffOp::equal:
      return "equal";
    case DiffOp::insert:
      return "insert";
    case DiffOp::remove:
      return "delete";
  }
  return "equal";
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words)
    text += word;
  return text;
}

void append(std::vector<DiffPiece>& pieces, DiffOp op, const std::string& text) {
  if (text.empty())
    return;
  if (!pieces.empty() && pieces.back().op == op) {
    pieces.back().text += text;
  } else {
    pieces.push_back({op, text});
  }
}

}  // namespace

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    const bool space = is_space(text[start]);
    std::size_t end = start + 1;
    while (end < text.size() && is_space(text[end]) == space)
      ++end;
    words.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after) {
  const auto old_words = split_words(before);
  const auto new_words = split_words(after);
  dtl::Diff<std::string, std::vector<std::string>> diff(old_words, new_words);
  diff.compose();

  std::vector<DiffPiece> pieces;
  // A changed stretch is gathered whole, then written as its deletions followed by its
  // insertions, so "a b c" → "a x c" reads "a [-b-][+x+] c" however dtl interleaved them.
  std::string removed;
  std::string inserted;
  auto flush_change = [&] {
    append(pieces, DiffOp::remove, removed);
    append(pieces, DiffOp::insert, inserted);
    removed.clear();
    inserted.clear();
  };
  for (const auto& [word, info] : diff.getSes().getSequence()) {
    switch (info.type) {
      case dtl::SES_DELETE:
        removed += word;
        break;
      case dtl::SES_ADD:
        inserted += word;
        break;
      default:
        flush_change();
        append(pieces, DiffOp::equal, word);
    }
  }
  flush_change();
  return pieces;
}

std::optional<std::string> apply_amendment(std::string_view current, std::string_view base,
                                           std::string_view amended) {
  const auto current_words = split_words(current);
  const auto base_words = split_words(base);
  const auto amended_words = split_words(amended);
  dtl::Diff3<std::string, std::vector<std::string>> merge(current_words, base_words, amended_words);
  merge.compose();
  if (!merge.merge())
    return std::nullopt;
  return joined(merge.getMergedSequence());
}

AmendedText apply_amendments(std::string original, const std::vector<AcceptedAmendment>& accepted) {
  AmendedText result{std::move(original), {}};
  for (const auto& amendment : accepted) {
    auto merged = apply_amendment(result.text, amendment.base, amendment.amended);
    if (merged) {
      result.text = std::move(*merged);
    } else {
      result.not_applied.push_back(amendment.number);
    }
  }
  return result;
}

}  // namespace plenary::proposals
