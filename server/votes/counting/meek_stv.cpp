#include "votes/counting/meek_stv.hpp"

#include <algorithm>

#include "votes/counting/decimal.hpp"
#include "votes/counting/tie_break.hpp"

namespace plenary::votes::counting {

std::string_view meek_variant_name(MeekVariant variant) {
  switch (variant) {
    case MeekVariant::prf_reference:
      return "prf-reference";
    case MeekVariant::droop_parametric:
      return "droop-parametric";
  }
  return "unknown";
}

std::optional<MeekVariant> meek_variant_from_name(std::string_view name) {
  for (MeekVariant variant : {MeekVariant::prf_reference, MeekVariant::droop_parametric}) {
    if (meek_variant_name(variant) == name) {
      return variant;
    }
  }
  return std::nullopt;
}

namespace {

constexpr std::int64_t unit = units_per_vote(meek_stv_precision);
constexpr std::int64_t omega = unit / 1'000'000;  // 0.000001

struct MeekBallot {
  std::vector<CandidateIndex> preferences;
  std::int64_t papers = 0;
};

struct Preparation {
  std::vector<MeekBallot> ballots;
  std::int64_t valid = 0;
  std::int64_t invalid = 0;
};

Result<Preparation> prepare(const Election& election) {
  Preparation result;
  for (std::size_t i = 0; i < election.ballots.size(); ++i) {
    const Ballot& ballot = election.ballots[i];
    MeekBallot meek{{}, ballot.weight};
    for (const Rank& rank : ballot.ranks) {
      if (rank.empty()) {
        return invalid_field("ballots", "Ballot line " + std::to_string(i + 1) +
                                            " skips a rank; the Meek reference rule does not "
                                            "define skipped ranks.");
      }
      Rank marked;
      std::copy_if(rank.begin(), rank.end(), std::back_inserter(marked),
                   [&](CandidateIndex c) { return !election.is_withdrawn(c); });
      if (marked.size() > 1) {
        return invalid_field("ballots", "Ballot line " + std::to_string(i + 1) +
                                            " has an equal preference; the Meek reference rule "
                                            "does not define equal preferences.");
      }
      if (!marked.empty()) {
        meek.preferences.push_back(marked.front());
      }
    }
    if (meek.preferences.empty()) {
      result.invalid += ballot.weight;
      continue;
    }
    result.valid += ballot.weight;
    result.ballots.push_back(std::move(meek));
  }
  return result;
}

// keep weight = weight × keep factor, rounded up to 9 places.
std::int64_t keep_weight(std::int64_t weight, std::int64_t keep_factor) {
  // Weights never exceed one vote, so the product fits in 64 bits while the keep factor stays
  // below nine votes; beyond that (it cannot happen in a converging count) go wide.
  if (weight >= 0 && weight <= unit && keep_factor <= 9 * unit) {
    return (weight * keep_factor + unit - 1) / unit;
  }
  return multiply_divide_up(weight, keep_factor, unit);
}

class MeekCount {
 public:
  MeekCount(const Election& election, MeekVariant variant, Preparation preparation)
      : election_(election),
        variant_(variant),
        n_(election.candidate_count()),
        ballots_(std::move(preparation.ballots)),
        valid_(preparation.valid),
        lot_(lot_order(election)),
        status_(n_, CandidateStatus::hopeful),
        keep_factors_(n_, unit),
        votes_(n_, 0) {
    for (CandidateIndex c : election.withdrawn) {
      status_[c] = CandidateStatus::withdrawn;
      keep_factors_[c] = 0;
    }
  }

  Status run(std::vector<CandidateIndex>& elected_in_order) {
    std::vector<CandidateIndex> just_excluded;
    while (hopeful_count() > seats_left(elected_in_order) && seats_left(elected_in_order) > 0) {
      Round round;
      round.number = static_cast<int>(rounds_.size()) + 1;
      round.action =
          rounds_.empty() ? RoundAction::first_preferences : RoundAction::keep_factor_iteration;
      round.subjects = std::move(just_excluded);
      just_excluded.clear();
      const std::vector<std::int64_t> before = rounds_.empty() ? votes_ : rounds_.back().votes;

      auto newly_elected = iterate(round);
      if (!newly_elected) {
        return newly_elected.error();
      }
      round.votes = votes_;
      round.changes.resize(n_);
      for (CandidateIndex c = 0; c < n_; ++c) {
        round.changes[c] = votes_[c] - before[c];
      }
      round.exhausted = residual_;
      round.keep_factors = keep_factors_;
      for (CandidateIndex c : *newly_elected) {
        round.elected.push_back({c, Reason::quota});
        elected_in_order.push_back(c);
      }
      if (newly_elected->empty()) {
        const CandidateIndex c = lowest(round.surplus, round);
        status_[c] = CandidateStatus::excluded;
        keep_factors_[c] = 0;
        votes_[c] = 0;
        round.excluded.push_back({c, Reason::lowest_votes});
        just_excluded.push_back(c);
      }
      round.status = status_;
      rounds_.push_back(std::move(round));
    }
    if (rounds_.empty()) {
      // Nothing to decide by counting; still show the first preferences.
      distribute();
      Round round;
      round.number = 1;
      round.votes = votes_;
      round.changes = votes_;
      round.exhausted = residual_;
      round.keep_factors = keep_factors_;
      rounds_.push_back(std::move(round));
    }
    close(elected_in_order);
    return ok();
  }

  std::vector<Round> take_rounds() { return std::move(rounds_); }

 private:
  int hopeful_count() const {
    return static_cast<int>(std::count(status_.begin(), status_.end(), CandidateStatus::hopeful));
  }

  int seats_left(const std::vector<CandidateIndex>& elected) const {
    return election_.seats - static_cast<int>(elected.size());
  }

  // Steps B.2.a-f of the reference rule: recompute the votes with the current keep factors until
  // someone is elected or the surplus has settled. Returns who was elected (most votes first)
  // and records the quota, the surplus and why the iterations stopped in `round`.
  Result<std::vector<CandidateIndex>> iterate(Round& round) {
    std::int64_t last_surplus = valid_ * unit;
    while (true) {
      if (++iterations_ > meek_max_iterations) {
        return invalid_field("ballots", "The Meek count did not converge within " +
                                            std::to_string(meek_max_iterations) + " iterations.");
      }
      distribute();
      std::int64_t total = 0;
      for (CandidateIndex c = 0; c < n_; ++c) {
        if (status_[c] == CandidateStatus::hopeful || status_[c] == CandidateStatus::elected) {
          total += votes_[c];
        }
      }
      round.quota = total / (election_.seats + 1) + 1;
      std::vector<CandidateIndex> newly_elected;
      for (CandidateIndex c = 0; c < n_; ++c) {
        if (status_[c] == CandidateStatus::hopeful && votes_[c] >= round.quota) {
          newly_elected.push_back(c);
        }
      }
      std::stable_sort(newly_elected.begin(), newly_elected.end(),
                       [&](CandidateIndex a, CandidateIndex b) { return votes_[a] > votes_[b]; });
      for (CandidateIndex c : newly_elected) {
        status_[c] = CandidateStatus::elected;
      }
      std::int64_t surplus = 0;
      for (CandidateIndex c = 0; c < n_; ++c) {
        if (status_[c] == CandidateStatus::elected) {
          surplus += votes_[c] - round.quota;
        }
      }
      if (variant_ == MeekVariant::prf_reference) {
        surplus = std::max<std::int64_t>(surplus, 0);
      }
      round.surplus = surplus;
      round.iteration_surpluses.push_back(surplus);
      if (!newly_elected.empty()) {
        round.termination = "elected";
        return newly_elected;
      }
      if (surplus < omega || (variant_ == MeekVariant::droop_parametric && surplus == omega)) {
        round.termination = "omega";
        return newly_elected;
      }
      if (surplus >= last_surplus) {
        round.termination = "stable";
        return newly_elected;
      }
      last_surplus = surplus;
      for (CandidateIndex c = 0; c < n_; ++c) {
        // An elected candidate always holds some vote (keep factors round up); the check only
        // keeps a malformed state from dividing by zero.
        if (status_[c] == CandidateStatus::elected && votes_[c] > 0) {
          keep_factors_[c] = multiply_divide_up(
              multiply_divide_up(keep_factors_[c], round.quota, unit), unit, votes_[c]);
        }
      }
    }
  }

  void distribute() {
    std::fill(votes_.begin(), votes_.end(), 0);
    residual_ = 0;
    for (const MeekBallot& ballot : ballots_) {
      std::int64_t weight = unit;
      std::int64_t residual = ballot.papers * unit;
      for (CandidateIndex c : ballot.preferences) {
        const std::int64_t keep_factor = keep_factors_[c];
        if (keep_factor == 0) {
          continue;
        }
        std::int64_t kept = 0;
        if (variant_ == MeekVariant::prf_reference) {
          kept = keep_weight(weight, keep_factor);
          weight -= kept;
        } else {
          kept = multiply_divide_down(weight, keep_factor, unit);
          weight = multiply_divide_down(weight, unit - keep_factor, unit);
        }
        const std::int64_t value = kept * ballot.papers;
        votes_[c] += value;
        residual -= value;
        if (weight <= 0) {
          break;
        }
      }
      residual_ += residual;
    }
  }

  // The hopeful candidate to exclude: the lowest, where everyone within the total surplus of
  // the lowest counts as tied with it.
  CandidateIndex lowest(std::int64_t surplus, Round& round) {
    std::int64_t low = -1;
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] == CandidateStatus::hopeful && (low < 0 || votes_[c] < low)) {
        low = votes_[c];
      }
    }
    std::vector<CandidateIndex> tied;
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] == CandidateStatus::hopeful && votes_[c] <= low + surplus) {
        tied.push_back(c);
      }
    }
    if (tied.size() == 1) {
      return tied.front();
    }
    TieBreak tie = break_tie_by_lot(tied, lot_, "exclusion");
    round.ties.push_back(tie);
    return tie.chosen;
  }

  void close(std::vector<CandidateIndex>& elected_in_order) {
    Round& last = rounds_.back();
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] != CandidateStatus::hopeful) {
        continue;
      }
      if (seats_left(elected_in_order) > 0) {
        status_[c] = CandidateStatus::elected;
        last.elected.push_back({c, Reason::last_vacancies});
        elected_in_order.push_back(c);
      } else {
        status_[c] = CandidateStatus::excluded;
        keep_factors_[c] = 0;
        last.excluded.push_back({c, Reason::seats_filled});
      }
    }
    last.status = status_;
  }

  const Election& election_;
  const MeekVariant variant_;
  const int n_;
  std::vector<MeekBallot> ballots_;
  const std::int64_t valid_;
  const std::vector<CandidateIndex> lot_;
  std::vector<CandidateStatus> status_;
  std::vector<std::int64_t> keep_factors_;
  std::vector<std::int64_t> votes_;
  std::int64_t residual_ = 0;
  int iterations_ = 0;  // over the whole count
  std::vector<Round> rounds_;
};

}  // namespace

Result<Count> count_meek_stv(const Election& election, MeekVariant variant) {
  if (auto status = check_election(election); !status) {
    return status.error();
  }
  if (static_cast<int>(election.withdrawn.size()) == election.candidate_count()) {
    return invalid_field("candidates", "Every candidate has withdrawn.");
  }
  auto preparation = prepare(election);
  if (!preparation) {
    return preparation.error();
  }
  if (preparation->valid == 0) {
    return invalid_field("ballots", "There are no valid ballots to count.");
  }
  Count count;
  count.method = Method::meek_stv;
  count.rule = variant == MeekVariant::prf_reference
                   ? "Meek STV: Proportional Representation Foundation reference rule "
                     "(fixed-point, 9 decimal places, omega 0.000001)"
                   : "Meek STV: Droop's Meek Parametric rule (fixed-point, 9 decimal places, "
                     "omega 0.000001, OpenSTV keep rounding, no batch defeats)";
  count.precision = meek_stv_precision;
  count.title = election.title;
  count.seats = election.seats;
  count.candidates = election.candidates;
  count.withdrawn = election.withdrawn;
  count.valid_ballots = preparation->valid;
  count.invalid_ballots = preparation->invalid;
  count.quota = multiply_divide_down(preparation->valid, unit, election.seats + 1) + 1;
  count.options = {{"variant", std::string(meek_variant_name(variant))},
                   {"variant_default", std::string(meek_variant_name(default_meek_variant))},
                   {"omega", "0.000001"},
                   {"ties", election.tie_order.empty()
                                ? "lot = candidate list order (first listed is excluded)"
                                : "lot = the file's [tie] order (first listed is excluded)"}};
  if (preparation->invalid > 0) {
    count.notes.push_back(std::to_string(preparation->invalid) +
                          " blank ballot(s) (or naming only withdrawn candidates) were set "
                          "aside.");
  }
  MeekCount counter(election, variant, std::move(*preparation));
  if (auto status = counter.run(count.elected); !status) {
    return status.error();
  }
  count.rounds = counter.take_rounds();
  return count;
}

}  // namespace plenary::votes::counting
