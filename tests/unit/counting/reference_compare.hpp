#pragma once
// Compares a count, value by value, with a Droop reference report. Failures are reported
// through GoogleTest assertions, each naming the report round and action.
#include "droop_report.hpp"
#include "votes/counting/count.hpp"

namespace plenary::votes::counting::testing {

// Scottish STV. Droop also "transfers" a surplus of exactly zero as a stage of its own; the
// Order transfers only a surplus that exceeds the quota (rule 48(1)), so such a Droop round
// must change nothing, and it is checked to change nothing and then passed over.
void expect_matches_scottish_report(const Count& count, const DroopReport& report);

// Meek STV: rounds correspond one to one.
void expect_matches_meek_report(const Count& count, const DroopReport& report);

}  // namespace plenary::votes::counting::testing
