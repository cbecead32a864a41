#pragma once
// Pure rules of proposals: the state machine (which changes exist and who may cause each), the
// support threshold and the sentence that explains it, and amendments as word-level diffs that
// are applied to the text. No I/O; the unit tests live on these.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "proposals/model.hpp"

namespace plenary::proposals {

// ---- The state machine ------------------------------------------------------------------------

enum class Event {
  publish,
  reach_support,  // a member's support brought the count to the threshold
  schedule,       // officers put it to a ballot or a meeting
  ballot_opened,
  ballot_passed,
  ballot_rejected,
  ballot_no_quorum,
  ballot_cancelled,  // back to waiting for officers to schedule it
  withdraw,
};

std::string_view event_name(Event event);

// Who is asking, as far as the state machine cares. A person can be several at once (an author
// who is an officer); the system is the ticker or the votes module reporting a ballot.
struct Standing {
  bool author = false;
  bool member = false;
  bool officer = false;
  bool system = false;
};

struct Transition {
  State from;
  Event event;
  State to;
  Standing allowed;  // any one of these may cause it
};

// Every allowed change; anything not listed is refused.
const std::vector<Transition>& transitions();

// The state `event` leads to from `from` when `who` causes it. Errors: conflict (code
// wrong_state) when the event cannot happen in that state, forbidden (code not_allowed) when it
// can but not by this person.
Result<State> next_state(State from, Event event, const Standing& who);

// Amendments may be proposed, and supporters gathered, only while the text is still open.
bool open_for_amendments(State state);
bool open_for_support(State state);
bool decided(State state);

// ---- Support threshold ------------------------------------------------------------------------

inline constexpr int default_support_percent = 5;

struct SupportThreshold {
  std::int64_t needed = 1;
  std::string explanation;  // "10 supporters or 5% of the 240 members (12), whichever is fewer…"
};

// needed = the smaller of the set count and the share of `member_count` (rounded up), never
// below 1; with neither set, default_support_percent of the members.
SupportThreshold support_threshold(const SupportSettings& settings, std::int64_t member_count);

// ---- Amendments -------------------------------------------------------------------------------

enum class DiffOp { equal, insert, remove };
std::string_view diff_op_name(DiffOp op);

struct DiffPiece {
  DiffOp op = DiffOp::equal;
  std::string text;

  bool operator==(const DiffPiece&) const = default;
};

// Words and the whitespace between them, in order: joined again they give the text back exactly.
// Split on ASCII whitespace only, so a UTF-8 word is never cut inside a character.
std::vector<std::string> split_words(std::string_view text);

// How `after` differs from `before`, word by word (dtl's shortest edit script). Within a changed
// stretch the deleted words come before the inserted ones, so it reads as "replace X by Y".
// The equal and removed pieces give `before`; the equal and inserted ones give `after`.
std::vector<DiffPiece> word_diff(std::string_view before, std::string_view after);

// Applies the change an amendment made to `base` onto `current`, which may since have taken
// other amendments (a three-way merge of words). Nothing when their changes overlap.
std::optional<std::string> apply_amendment(std::string_view current, std::string_view base,
                                           std::string_view amended);

struct AcceptedAmendment {
  int number = 0;
  std::string base;
  std::string amended;
};

struct AmendedText {
  std::string text;
  std::vector<int> not_applied;  // numbers of amendments that clashed with earlier ones
};

// The text the main question is decided on: each accepted amendment applied in order.
AmendedText apply_amendments(std::string original, const std::vector<AcceptedAmendment>& accepted);

}  // namespace plenary::proposals
