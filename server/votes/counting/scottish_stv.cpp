#include "votes/counting/scottish_stv.hpp"

#include <algorithm>
#include <numeric>

#include "votes/counting/decimal.hpp"
#include "votes/counting/tie_break.hpp"

namespace plenary::votes::counting {
namespace {

constexpr std::int64_t unit = units_per_vote(scottish_stv_precision);

// Identical ballot papers travel together: they always hold the same value and position.
struct Parcel {
  std::vector<CandidateIndex> preferences;  // consecutive valid preferences, withdrawn removed
  std::int64_t papers = 0;
  std::int64_t value = unit;  // the transfer value of each paper
  std::size_t position = 0;   // index of the preference the papers are credited to
};

struct Preparation {
  std::vector<Parcel> parcels;
  std::int64_t valid = 0;
  std::int64_t invalid = 0;
  std::int64_t cut_short = 0;  // papers whose preferences stop at an equal preference or a gap
};

Preparation prepare(const Election& election) {
  Preparation result;
  for (const Ballot& ballot : election.ballots) {
    Parcel parcel;
    parcel.papers = ballot.weight;
    bool broken = false;
    for (const Rank& rank : ballot.ranks) {
      Rank marked;
      std::copy_if(rank.begin(), rank.end(), std::back_inserter(marked),
                   [&](CandidateIndex c) { return !election.is_withdrawn(c); });
      if (marked.empty() && !rank.empty()) {
        continue;  // only withdrawn candidates: as if the rank were not there
      }
      if (marked.size() != 1) {  // a skipped rank or an equal preference ends the sequence
        broken = true;
        break;
      }
      parcel.preferences.push_back(marked.front());
    }
    if (parcel.preferences.empty()) {
      result.invalid += ballot.weight;
      continue;
    }
    if (broken) {
      result.cut_short += ballot.weight;
    }
    result.valid += ballot.weight;
    result.parcels.push_back(std::move(parcel));
  }
  return result;
}

class ScottishCount {
 public:
  ScottishCount(const Election& election, Preparation preparation)
      : election_(election),
        n_(election.candidate_count()),
        parcels_(std::move(preparation.parcels)),
        valid_(preparation.valid),
        quota_((preparation.valid / (election.seats + 1) + 1) * unit),
        lot_(lot_order(election)),
        status_(n_, CandidateStatus::hopeful),
        votes_(n_, 0),
        piles_(n_) {
    for (CandidateIndex c : election.withdrawn) {
      status_[c] = CandidateStatus::withdrawn;
    }
  }

  std::int64_t quota() const { return quota_; }

  std::vector<Round> run(std::vector<CandidateIndex>& elected_in_order) {
    std::vector<std::int64_t> before = votes_;
    for (std::size_t i = 0; i < parcels_.size(); ++i) {
      credit(i);
    }
    Round first;
    first.action = RoundAction::first_preferences;
    finish_stage(first, before, elected_in_order);

    while (true) {
      const int seats_left = election_.seats - static_cast<int>(elected_in_order.size());
      if (seats_left <= 0 || hopeful_count() <= seats_left) {
        break;
      }
      before = votes_;
      Round stage;
      std::vector<CandidateIndex> with_surplus;
      for (CandidateIndex c = 0; c < n_; ++c) {
        if (status_[c] == CandidateStatus::elected && votes_[c] > quota_) {
          with_surplus.push_back(c);
        }
      }
      if (!with_surplus.empty()) {
        const CandidateIndex c = pick(with_surplus, Extreme::highest, "surplus order", stage);
        transfer_surplus(c, stage);
      } else {
        std::vector<CandidateIndex> hopeful;
        for (CandidateIndex c = 0; c < n_; ++c) {
          if (status_[c] == CandidateStatus::hopeful) {
            hopeful.push_back(c);
          }
        }
        const CandidateIndex c = pick(hopeful, Extreme::lowest, "exclusion", stage);
        exclude(c, stage);
      }
      finish_stage(stage, before, elected_in_order);
    }
    fill_or_close(elected_in_order);
    return std::move(rounds_);
  }

 private:
  int hopeful_count() const {
    return static_cast<int>(std::count(status_.begin(), status_.end(), CandidateStatus::hopeful));
  }

  // Credits parcel i to the candidate at its current position.
  void credit(std::size_t i) {
    Parcel& parcel = parcels_[i];
    const CandidateIndex c = parcel.preferences[parcel.position];
    votes_[c] += parcel.papers * parcel.value;
    piles_[c].push_back(i);
  }

  // Moves parcel i on to its next preference for a continuing candidate, or sets it aside as
  // non-transferable.
  void pass_on(std::size_t i) {
    Parcel& parcel = parcels_[i];
    do {
      ++parcel.position;
    } while (parcel.position < parcel.preferences.size() &&
             status_[parcel.preferences[parcel.position]] != CandidateStatus::hopeful);
    if (parcel.position < parcel.preferences.size()) {
      credit(i);
    } else {
      exhausted_ += parcel.papers * parcel.value;
    }
  }

  // The candidate among `candidates` with the extreme votes, ties broken per rules 49 and 51.
  CandidateIndex pick(const std::vector<CandidateIndex>& candidates, Extreme extreme,
                      const std::string& purpose, Round& stage) {
    const auto by_votes = [&](CandidateIndex a, CandidateIndex b) { return votes_[a] < votes_[b]; };
    const std::int64_t target =
        votes_[extreme == Extreme::lowest
                   ? *std::min_element(candidates.begin(), candidates.end(), by_votes)
                   : *std::max_element(candidates.begin(), candidates.end(), by_votes)];
    std::vector<CandidateIndex> tied;
    std::copy_if(candidates.begin(), candidates.end(), std::back_inserter(tied),
                 [&](CandidateIndex c) { return votes_[c] == target; });
    if (tied.size() == 1) {
      return tied.front();
    }
    TieBreak tie = break_tie_by_earlier_rounds(tied, history_, extreme, lot_, purpose);
    stage.ties.push_back(tie);
    return tie.chosen;
  }

  void transfer_surplus(CandidateIndex c, Round& stage) {
    const std::int64_t surplus = votes_[c] - quota_;
    const std::int64_t total = votes_[c];
    std::vector<std::size_t> pile = std::move(piles_[c]);
    piles_[c].clear();
    votes_[c] = quota_;
    for (std::size_t i : pile) {
      parcels_[i].value = multiply_divide_down(parcels_[i].value, surplus, total);
      pass_on(i);
    }
    stage.action = RoundAction::surplus_transfer;
    stage.subjects = {c};
    stage.transferred_surplus = surplus;
  }

  void exclude(CandidateIndex c, Round& stage) {
    status_[c] = CandidateStatus::excluded;
    std::vector<std::size_t> pile = std::move(piles_[c]);
    piles_[c].clear();
    votes_[c] = 0;
    for (std::size_t i : pile) {
      pass_on(i);
    }
    stage.action = RoundAction::exclusion;
    stage.subjects = {c};
    stage.excluded.push_back({c, Reason::lowest_votes});
  }

  void finish_stage(Round& stage, const std::vector<std::int64_t>& before,
                    std::vector<CandidateIndex>& elected_in_order) {
    std::vector<CandidateIndex> reached;
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] == CandidateStatus::hopeful && votes_[c] >= quota_) {
        reached.push_back(c);
      }
    }
    // Candidates reaching the quota at the same stage are all elected at that stage; the
    // order among them (most votes first) only fixes the order of the list.
    std::stable_sort(reached.begin(), reached.end(),
                     [&](CandidateIndex a, CandidateIndex b) { return votes_[a] > votes_[b]; });
    for (CandidateIndex c : reached) {
      status_[c] = CandidateStatus::elected;
      stage.elected.push_back({c, Reason::quota});
      elected_in_order.push_back(c);
    }
    stage.number = static_cast<int>(rounds_.size()) + 1;
    stage.votes = votes_;
    stage.changes.resize(n_);
    for (CandidateIndex c = 0; c < n_; ++c) {
      stage.changes[c] = votes_[c] - before[c];
    }
    stage.quota = quota_;
    stage.exhausted = exhausted_;
    const std::int64_t held = std::accumulate(votes_.begin(), votes_.end(), std::int64_t{0});
    stage.rounding_loss = valid_ * unit - held - exhausted_;
    stage.surplus = 0;
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] == CandidateStatus::elected && votes_[c] > quota_) {
        stage.surplus += votes_[c] - quota_;
      }
    }
    stage.status = status_;
    history_.push_back(votes_);
    rounds_.push_back(std::move(stage));
  }

  // Rule 52, or the end of the count: the decisions belong to the last stage.
  void fill_or_close(std::vector<CandidateIndex>& elected_in_order) {
    Round& last = rounds_.back();
    std::vector<CandidateIndex> hopeful;
    for (CandidateIndex c = 0; c < n_; ++c) {
      if (status_[c] == CandidateStatus::hopeful) {
        hopeful.push_back(c);
      }
    }
    std::stable_sort(hopeful.begin(), hopeful.end(),
                     [&](CandidateIndex a, CandidateIndex b) { return votes_[a] > votes_[b]; });
    const int seats_left = election_.seats - static_cast<int>(elected_in_order.size());
    for (CandidateIndex c : hopeful) {
      if (seats_left > 0) {
        status_[c] = CandidateStatus::elected;
        last.elected.push_back({c, Reason::last_vacancies});
        elected_in_order.push_back(c);
      } else {
        status_[c] = CandidateStatus::excluded;
        last.excluded.push_back({c, Reason::seats_filled});
      }
    }
    last.status = status_;
  }

  const Election& election_;
  const int n_;
  std::vector<Parcel> parcels_;
  const std::int64_t valid_;
  const std::int64_t quota_;
  const std::vector<CandidateIndex> lot_;
  std::vector<CandidateStatus> status_;
  std::vector<std::int64_t> votes_;
  std::vector<std::vector<std::size_t>> piles_;
  std::int64_t exhausted_ = 0;
  std::vector<std::vector<std::int64_t>> history_;
  std::vector<Round> rounds_;
};

}  // namespace

Result<Count> count_scottish_stv(const Election& election) {
  if (auto status = check_election(election); !status) {
    return status.error();
  }
  Preparation preparation = prepare(election);
  if (preparation.valid == 0) {
    return invalid_field("ballots", "There are no valid ballots to count.");
  }
  if (static_cast<int>(election.withdrawn.size()) == election.candidate_count()) {
    return invalid_field("candidates", "Every candidate has withdrawn.");
  }
  Count count;
  count.method = Method::scottish_stv;
  count.rule =
      "Scottish STV: Scottish Local Government Elections Order 2007 (SSI 2007/42), "
      "Schedule 1, rules 45-52";
  count.precision = scottish_stv_precision;
  count.title = election.title;
  count.seats = election.seats;
  count.candidates = election.candidates;
  count.withdrawn = election.withdrawn;
  count.valid_ballots = preparation.valid;
  count.invalid_ballots = preparation.invalid;
  count.options = {{"transfer_value", "truncated to 5 decimal places (rule 48(3))"},
                   {"ties", election.tie_order.empty()
                                ? "earlier stages, then lot = candidate list order (first "
                                  "listed is excluded first / transferred first)"
                                : "earlier stages, then lot = the file's [tie] order (first "
                                  "listed is excluded first / transferred first)"}};
  if (preparation.invalid > 0) {
    count.notes.push_back(std::to_string(preparation.invalid) +
                          " ballot(s) had no single first preference (blank, an equal first "
                          "preference or a skipped first rank) and were set aside as invalid.");
  }
  if (preparation.cut_short > 0) {
    count.notes.push_back(std::to_string(preparation.cut_short) +
                          " ballot(s) have an equal preference or a skipped rank after the "
                          "first; their preferences end there (preferences count only in "
                          "consecutive order).");
  }
  ScottishCount counter(election, std::move(preparation));
  count.quota = counter.quota();
  count.rounds = counter.run(count.elected);
  return count;
}

}  // namespace plenary::votes::counting
