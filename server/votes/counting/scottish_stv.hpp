#pragma once
// Scottish STV: the counting rules of the Scottish Local Government Elections Order 2007
// (SSI 2007/42, Schedule 1, rules 45–52), used for Scotland's council elections.
//
//  - Votes are counted in units of 0.00001 (rule 48(3): "to five decimal places (any remainder
//    being ignored)"): each transfer value is truncated, the fractions lost are reported as
//    rounding_loss.
//  - Quota (rule 46): valid ballots divided by (seats + 1), decimals ignored, plus one.
//  - A candidate whose votes equal or exceed the quota is elected (47). A surplus — votes above
//    the quota — is transferred (48): all the candidate's ballots move to their next preference
//    for a continuing candidate, each at transfer value = surplus × its value ÷ the candidate's
//    votes, truncated. The largest surplus goes first (49). A candidate who reaches the quota
//    exactly has no surplus and nothing is transferred (48(1) says "exceeds").
//  - Otherwise the candidate with the fewest votes is excluded and their ballots pass on at
//    their current values (50).
//  - Ties (49(2), 51(2)): the votes at the end of the most recent earlier stage at which the
//    tied candidates differed decide (narrowing to the still-tied ones and looking further back
//    if needed); if they were equal at every stage, the lot of tie_break.hpp decides.
//  - When the continuing candidates are no more than the seats left, all are elected (52) and
//    no further transfer is made.
//
// Equal preferences and skipped ranks: the Order counts only preferences "in consecutive order"
// (its definition of "next available preference") and rejects a ballot without a single clear
// first preference (rule 43). So a ballot whose first rank is an equal preference or skipped is
// set aside as invalid, and a later equal preference or skip ends the ballot's preferences
// there. Withdrawn candidates are struck from the ballots before the count (a rank naming only
// withdrawn candidates is dropped, not treated as a gap). Every such case is listed in the
// count's notes.
//
// Stage 1 is the first-preference count; each later stage is one surplus transfer or one
// exclusion (Round::number is the stage number).
#include "core/error.hpp"
#include "votes/counting/count.hpp"
#include "votes/counting/election.hpp"

namespace plenary::votes::counting {

inline constexpr int scottish_stv_precision = 5;

Result<Count> count_scottish_stv(const Election& election);

}  // namespace plenary::votes::counting
