// What narrows a phrase search (search::narrow_phrases): read from the query as PostgreSQL prints
// it, the pairs of adjacent words every matching post holds, and the parts without phrases.
#include <gtest/gtest.h>

#include "search/rules.hpp"

namespace plenary::search {
namespace {

using Pairs = std::vector<std::string>;

TEST(PhraseNarrowing, APhraseOfTwoWordsNeedsTheirPair) {
  const auto narrowing = narrow_phrases("'branch' <-> 'member'");
  EXPECT_EQ(narrowing.pairs, Pairs{"branch member"});
  EXPECT_EQ(narrowing.words, std::nullopt);
}

TEST(PhraseNarrowing, ALongerPhraseNeedsEachPairHoweverItIsNested) {
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' <-> 'c'").pairs, (Pairs{"a b", "b c"}));
  EXPECT_EQ(narrow_phrases("'a' <-> ( 'b' <-> 'c' )").pairs, (Pairs{"a b", "b c"}));
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' <-> 'a' <-> 'b'").pairs, (Pairs{"a b", "b a"}));
  // A hyphenated word: websearch_to_tsquery('english', 'foo-bar').
  EXPECT_EQ(narrow_phrases("'foo-bar' <-> 'foo' <-> 'bar'").pairs,
            (Pairs{"foo-bar foo", "foo bar"}));
}

TEST(PhraseNarrowing, WordsApartForStopWordsMakeNoPair) {
  // "members of the branch"
  EXPECT_EQ(narrow_phrases("'member' <3> 'branch'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' <2> 'c'").pairs, Pairs{"a b"});
  EXPECT_EQ(narrow_phrases("'a' <0> 'b'").pairs, Pairs{});
}

TEST(PhraseNarrowing, NoPhraseNoNarrowing) {
  EXPECT_EQ(narrow_phrases("'meet'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'vote' & 'employ'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'vote' | 'employ'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'vote' & 'employ'").words, std::nullopt);
}

TEST(PhraseNarrowing, OtherPartsOfAConjunctionStayForTheWordsIndex) {
  const auto narrowing = narrow_phrases("'branch' <-> 'member' & 'ramp' & !'rent'");
  EXPECT_EQ(narrowing.pairs, Pairs{"branch member"});
  EXPECT_EQ(narrowing.words, "'ramp' & !'rent'");
  const auto two = narrow_phrases("'a' <-> 'b' & ( 'c' | 'd' <-> 'e' ) & ( 'f' | !'g' & 'h' )");
  EXPECT_EQ(two.pairs, Pairs{"a b"});
  EXPECT_EQ(two.words, "( 'f' | ( !'g' & 'h' ) )");
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' & 'c' <-> 'd' & 'b' <-> 'a' <-> 'b'").pairs,
            (Pairs{"a b", "c d", "b a"}));
}

TEST(PhraseNarrowing, AnAlternativeNeedsOnlyThePairsOfBothSides) {
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' <-> 'c' | 'x' <-> 'b' <-> 'c'").pairs, Pairs{"b c"});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' | 'c' <-> 'd'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' | 'c'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' | 'a' <3> 'b'").pairs, Pairs{});
}

TEST(PhraseNarrowing, APhraseUnderNotOrWithMoreThanWordsIsNotNarrowed) {
  // websearch_to_tsquery('english', 'union -"branch members"')
  const auto negated = narrow_phrases("'union' & !( 'branch' <-> 'member' )");
  EXPECT_EQ(negated.pairs, Pairs{});
  EXPECT_EQ(negated.words, std::nullopt);
  EXPECT_EQ(narrow_phrases("'a' <-> !'b'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("( 'a' | 'b' ) <-> 'c'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("( 'a' & 'b' ) <-> 'c'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a':* <-> 'b'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a':B <-> 'b'").pairs, Pairs{});
}

TEST(PhraseNarrowing, QuotesAndBackslashesAreReadAndWrittenEscaped) {
  EXPECT_EQ(narrow_phrases("'o''neil' <-> 'c:\\\\dir'").pairs, Pairs{"o'neil c:\\dir"});
  EXPECT_EQ(narrow_phrases("'it''s' <-> 'x' & 'a''b\\\\'").words, "'a''b\\\\'");
}

TEST(PhraseNarrowing, TextItCannotReadNarrowsNothing) {
  EXPECT_EQ(narrow_phrases("'a' <-> ").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("( 'a' <-> 'b'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <x> 'b'").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a' <-> 'b' )").pairs, Pairs{});
  EXPECT_EQ(narrow_phrases("'a': <-> 'b'").pairs, Pairs{});
  std::string deep;
  for (int i = 0; i < 1000; ++i)
    deep += "!";
  EXPECT_EQ(narrow_phrases(deep + "'a' & 'b' <-> 'c'").pairs, Pairs{});
}

}  // namespace
}  // namespace plenary::search
