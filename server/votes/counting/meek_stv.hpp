#pragma once
// Meek STV as the Proportional Representation Foundation's reference rule defines it
// (https://prfound.org/resources/reference/reference-meek-rule/), the rule the Droop program
// implements as "meek-prf":
//
//  - Fixed-point decimal arithmetic with 9 places, on integers (units of 10^-9 vote).
//  - Omega = 0.000001. Every round iterates:
//      a. each ballot, starting with weight 1, gives each candidate in turn weight × keep
//         factor (rounded UP to 9 places) and keeps the rest, until its weight is spent;
//      b. quota = total votes for hopeful and elected candidates ÷ (seats + 1), TRUNCATED to
//         9 places, plus 0.000000001;
//      c. every hopeful candidate with votes >= quota is elected (the round ends);
//      d. total surplus = sum over elected candidates of (votes − quota), at least 0;
//      e. the iteration stops when the surplus is below omega, or is no smaller than the last
//         iteration's ("stable");
//      f. otherwise each elected candidate's keep factor becomes keep factor × quota (rounded
//         up) ÷ votes (rounded up), and the iteration repeats.
//  - If no one was elected, the hopeful candidate with the fewest votes is excluded (keep
//    factor 0). Candidates within the total surplus of the lowest count as tied with it, and
//    such a tie is broken by the lot of tie_break.hpp (the reference rule's procedure T: a
//    predetermined order, not earlier rounds).
//  - When hopeful candidates are no more than the seats left, they are all elected; when every
//    seat is filled, the rest are excluded.
//
// Equal preferences and skipped ranks are not defined by the reference rule, so a ballot
// holding either is rejected with an error naming the ballot line (after withdrawn candidates
// are struck out, so "2=5" with 5 withdrawn is simply 2). Withdrawn candidates start with keep
// factor 0.
//
// A second variant exists only to check this code against published counts made with it:
// Droop's "Meek Parametric" rule with fixed-point arithmetic (9 places, omega 10^-6, no batch
// defeats), which stv-rs also implements. It differs from the reference rule in three small
// ways: a candidate keeps weight × keep factor rounded DOWN and passes on weight × (1 − keep
// factor) rounded down (the OpenSTV formula), an iteration stops when the surplus is <= omega,
// and the total surplus is not raised to 0 when negative.
//
// Each round records the state after its last iteration; `exhausted` is the reference rule's
// residual (the part of the ballots no one kept), so votes + exhausted is exactly the number
// of valid ballots.
#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "votes/counting/count.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

inline constexpr int meek_stv_precision = 9;

// Far beyond what real elections need (tens per round); a bound so that no ballot file can
// keep a count running for ever.
inline constexpr int meek_max_iterations = 100'000;

enum class MeekVariant { prf_reference, droop_parametric };

inline constexpr MeekVariant default_meek_variant = MeekVariant::prf_reference;

std::string_view meek_variant_name(MeekVariant variant);  // "prf-reference", "droop-parametric"
std::optional<MeekVariant> meek_variant_from_name(std::string_view name);

Result<Count> count_meek_stv(const Election& election, MeekVariant variant = default_meek_variant);

}  // namespace plenary::votes::counting
