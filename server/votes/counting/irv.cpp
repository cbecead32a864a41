#include "votes/counting/irv.hpp"

#include <algorithm>
#include <numeric>

#include "votes/counting/tie_break.hpp"

namespace plenary::votes::counting {

std::string_view overvote_rule_name(OverVoteRule rule) {
  switch (rule) {
    case OverVoteRule::exhaust:
      return "exhaust";
    case OverVoteRule::skip:
      return "skip";
    case OverVoteRule::burlington:
      return "burlington";
  }
  return "unknown";
}

std::optional<OverVoteRule> overvote_rule_from_name(std::string_view name) {
  for (OverVoteRule rule : {OverVoteRule::exhaust, OverVoteRule::skip, OverVoteRule::burlington}) {
    if (overvote_rule_name(rule) == name) {
      return rule;
    }
  }
  return std::nullopt;
}

namespace {

struct IrvBallot {
  std::vector<Rank> ranks;  // withdrawn candidates struck out; skipped ranks kept as empty
  std::int64_t papers = 0;
  bool exhausted_for_good = false;  // Burlington: an ambiguous over-vote was reached
};

struct Preparation {
  std::vector<IrvBallot> ballots;
  std::int64_t valid = 0;
  std::int64_t invalid = 0;
  std::int64_t with_overvote = 0;
};

Preparation prepare(const Election& election) {
  Preparation result;
  for (const Ballot& ballot : election.ballots) {
    IrvBallot irv{{}, ballot.weight, false};
    bool marked_anyone = false;
    bool overvote = false;
    for (const Rank& rank : ballot.ranks) {
      Rank marked;
      std::copy_if(rank.begin(), rank.end(), std::back_inserter(marked),
                   [&](CandidateIndex c) { return !election.is_withdrawn(c); });
      if (marked.empty() && !rank.empty()) {
        continue;  // only withdrawn candidates: as if the rank were not there
      }
      marked_anyone = marked_anyone || !marked.empty();
      overvote = overvote || marked.size() > 1;
      irv.ranks.push_back(std::move(marked));
    }
    if (!marked_anyone) {
      result.invalid += ballot.weight;
      continue;
    }
    result.valid += ballot.weight;
    if (overvote) {
      result.with_overvote += ballot.weight;
    }
    result.ballots.push_back(std::move(irv));
  }
  return result;
}

class IrvCount {
 public:
  IrvCount(const Election& election, const IrvOptions& options, Preparation preparation)
      : options_(options),
        n_(election.candidate_count()),
        ballots_(std::move(preparation.ballots)),
        lot_(lot_order(election)),
        status_(n_, CandidateStatus::hopeful) {
    for (CandidateIndex c : election.withdrawn) {
      status_[c] = CandidateStatus::withdrawn;
    }
  }

  std::vector<Round> run(std::vector<CandidateIndex>& elected) {
    std::vector<Round> rounds;
    std::vector<std::vector<std::int64_t>> history;
    std::vector<CandidateIndex> just_excluded;
    while (elected.empty()) {
      Round round;
      round.number = static_cast<int>(rounds.size()) + 1;
      round.action = rounds.empty() ? RoundAction::first_preferences : RoundAction::exclusion;
      round.subjects = just_excluded;
      round.votes.assign(n_, 0);
      for (IrvBallot& ballot : ballots_) {
        const CandidateIndex c = ballot.exhausted_for_good ? -1 : choice(ballot);
        if (c < 0) {
          round.exhausted += ballot.papers;
        } else {
          round.votes[c] += ballot.papers;
        }
      }
      round.changes = round.votes;
      if (!rounds.empty()) {
        for (CandidateIndex c = 0; c < n_; ++c) {
          round.changes[c] -= rounds.back().votes[c];
        }
      }
      history.push_back(round.votes);

      std::vector<CandidateIndex> hopeful;
      for (CandidateIndex c = 0; c < n_; ++c) {
        if (status_[c] == CandidateStatus::hopeful) {
          hopeful.push_back(c);
        }
      }
      std::int64_t total = 0;
      for (CandidateIndex c : hopeful) {
        total += round.votes[c];
      }
      round.quota = total / 2 + 1;
      const CandidateIndex leader = *std::max_element(
          hopeful.begin(), hopeful.end(),
          [&](CandidateIndex a, CandidateIndex b) { return round.votes[a] < round.votes[b]; });
      just_excluded.clear();
      const bool majority = round.votes[leader] * 2 > total;
      if (majority || hopeful.size() == 1) {
        status_[leader] = CandidateStatus::elected;
        round.elected.push_back({leader, majority ? Reason::majority : Reason::last_vacancies});
        elected.push_back(leader);
      } else {
        just_excluded = choose_exclusions(hopeful, round, history);
        for (CandidateIndex c : just_excluded) {
          status_[c] = CandidateStatus::excluded;
        }
      }
      round.status = status_;
      rounds.push_back(std::move(round));
    }
    return rounds;
  }

 private:
  bool continuing(CandidateIndex c) const { return status_[c] == CandidateStatus::hopeful; }

  // The candidate the ballot counts for this round, or -1 if it is exhausted.
  CandidateIndex choice(IrvBallot& ballot) const {
    for (const Rank& rank : ballot.ranks) {
      if (rank.empty()) {
        continue;  // a skipped rank
      }
      if (rank.size() == 1) {
        if (continuing(rank.front())) {
          return rank.front();
        }
        continue;
      }
      switch (options_.overvote) {
        case OverVoteRule::exhaust:
          return -1;
        case OverVoteRule::skip:
          continue;
        case OverVoteRule::burlington: {
          const auto still_in = std::count_if(rank.begin(), rank.end(),
                                              [&](CandidateIndex c) { return continuing(c); });
          if (still_in == 0) {
            continue;
          }
          if (still_in == 1) {
            return *std::find_if(rank.begin(), rank.end(),
                                 [&](CandidateIndex c) { return continuing(c); });
          }
          ballot.exhausted_for_good = true;
          return -1;
        }
      }
    }
    return -1;
  }

  std::vector<CandidateIndex> choose_exclusions(
      std::vector<CandidateIndex> hopeful, Round& round,
      const std::vector<std::vector<std::int64_t>>& history) {
    const auto& votes = round.votes;
    std::stable_sort(hopeful.begin(), hopeful.end(),
                     [&](CandidateIndex a, CandidateIndex b) { return votes[a] < votes[b]; });
    if (options_.batch_elimination) {
      // The largest group of lowest candidates who together have fewer votes than the next
      // one up: none of them could overtake anyone else, whatever the transfers.
      std::size_t batch = 0;
      std::int64_t below = 0;
      for (std::size_t k = 0; k + 1 < hopeful.size(); ++k) {
        below += votes[hopeful[k]];
        if (below < votes[hopeful[k + 1]]) {
          batch = k + 1;
        }
      }
      if (batch >= 2) {
        std::vector<CandidateIndex> excluded(hopeful.begin(), hopeful.begin() + batch);
        std::sort(excluded.begin(), excluded.end());
        for (CandidateIndex c : excluded) {
          round.excluded.push_back({c, Reason::batch});
        }
        return excluded;
      }
    }
    std::vector<CandidateIndex> tied;
    for (CandidateIndex c : hopeful) {
      if (votes[c] == votes[hopeful.front()]) {
        tied.push_back(c);
      }
    }
    CandidateIndex lowest = tied.front();
    if (tied.size() > 1) {
      TieBreak tie = break_tie_by_earlier_rounds(tied, history, Extreme::lowest, lot_, "exclusion");
      lowest = tie.chosen;
      round.ties.push_back(std::move(tie));
    }
    round.excluded.push_back({lowest, Reason::lowest_votes});
    return {lowest};
  }

  const IrvOptions options_;
  const int n_;
  std::vector<IrvBallot> ballots_;
  const std::vector<CandidateIndex> lot_;
  std::vector<CandidateStatus> status_;
};

}  // namespace

Result<Count> count_irv(const Election& election, const IrvOptions& options) {
  if (auto status = check_election(election); !status) {
    return status.error();
  }
  if (election.seats != 1) {
    return invalid_field("seats", "Instant run-off fills one seat; this election has " +
                                      std::to_string(election.seats) + ". Use STV.");
  }
  if (static_cast<int>(election.withdrawn.size()) == election.candidate_count()) {
    return invalid_field("candidates", "Every candidate has withdrawn.");
  }
  Preparation preparation = prepare(election);
  if (preparation.valid == 0) {
    return invalid_field("ballots", "There are no valid ballots to count.");
  }
  Count count;
  count.method = Method::irv;
  count.rule = "Instant run-off (single seat, majority of continuing votes)";
  count.precision = 0;
  count.title = election.title;
  count.seats = 1;
  count.candidates = election.candidates;
  count.withdrawn = election.withdrawn;
  count.valid_ballots = preparation.valid;
  count.invalid_ballots = preparation.invalid;
  count.quota = preparation.valid / 2 + 1;
  count.options = {
      {"overvote", std::string(overvote_rule_name(options.overvote))},
      {"overvote_default", std::string(overvote_rule_name(default_overvote_rule))},
      {"elimination", options.batch_elimination ? "batch" : "single"},
      {"skipped_ranks", "passed over"},
      {"ties", election.tie_order.empty()
                   ? "earlier rounds, then lot = candidate list order (first listed is excluded)"
                   : "earlier rounds, then lot = the file's [tie] order (first listed is "
                     "excluded)"}};
  if (preparation.invalid > 0) {
    count.notes.push_back(std::to_string(preparation.invalid) +
                          " blank ballot(s) (or naming only withdrawn candidates) were set "
                          "aside.");
  }
  if (preparation.with_overvote > 0) {
    count.notes.push_back(std::to_string(preparation.with_overvote) +
                          " ballot(s) mark two or more candidates at one rank; counted under "
                          "the over-vote rule \"" +
                          std::string(overvote_rule_name(options.overvote)) + "\"" +
                          (options.overvote == default_overvote_rule ? " (the default)." : "."));
  }
  IrvCount counter(election, options, std::move(preparation));
  count.rounds = counter.run(count.elected);
  return count;
}

}  // namespace plenary::votes::counting
