#include "events/sequencer.hpp"

#include <gtest/gtest.h>

namespace plenary::events {
namespace {
using namespace std::chrono_literals;
using Ids = std::vector<std::int64_t>;

TEST(SequencerTest, DeliversEachIdOnceInOrder) {
  Sequencer sequencer(10);
  auto t = Sequencer::Clock::now();
  EXPECT_EQ(sequencer.accept({11, 12, 13}, t), (Ids{11, 12, 13}));
  EXPECT_EQ(sequencer.fetch_after(), 13);
  EXPECT_EQ(sequencer.accept({}, t), Ids{});
  EXPECT_FALSE(sequencer.has_gaps());
}

TEST(SequencerTest, AGapHoldsTheLowWaterMarkUntilTheLateCommitArrives) {
  Sequencer sequencer(10);
  auto t = Sequencer::Clock::now();
  // 11 is still in flight when 12 and 13 are committed.
  EXPECT_EQ(sequencer.accept({12, 13}, t), (Ids{12, 13}));
  EXPECT_EQ(sequencer.fetch_after(), 10);
  EXPECT_TRUE(sequencer.has_gaps());
  // The next fetch sees 12 and 13 again: not delivered twice.
  EXPECT_EQ(sequencer.accept({12, 13}, t + 1s), Ids{});
  EXPECT_EQ(sequencer.accept({11, 12, 13, 14}, t + 2s), (Ids{11, 14}));
  EXPECT_EQ(sequencer.fetch_after(), 14);
  EXPECT_FALSE(sequencer.has_gaps());
}

TEST(SequencerTest, AGapIsGivenUpAfterTheGracePeriod) {
  Sequencer sequencer(10);
  auto t = Sequencer::Clock::now();
  EXPECT_EQ(sequencer.accept({14}, t), Ids{14});
  EXPECT_EQ(sequencer.fetch_after(), 10);
  EXPECT_EQ(sequencer.accept({14}, t + Sequencer::gap_grace - 1s), Ids{});
  EXPECT_EQ(sequencer.fetch_after(), 10);
  EXPECT_EQ(sequencer.accept({14}, t + Sequencer::gap_grace), Ids{});
  EXPECT_EQ(sequencer.fetch_after(), 14);  // 11..13 rolled back, all given up together
  EXPECT_FALSE(sequencer.has_gaps());
}

TEST(SequencerTest, IgnoresIdsAtOrBelowTheStart) {
  Sequencer sequencer(100);
  EXPECT_EQ(sequencer.accept({99, 100, 101}, Sequencer::Clock::now()), Ids{101});
}

}  // namespace
}  // namespace plenary::events
