#include "demo/discussions_demo.hpp"

#include <chrono>
#include <vector>

#include "core/time.hpp"
#include "discussions/repo.hpp"
#include "discussions/rules.hpp"
#include "discussions/service.hpp"

namespace plenary::demo {
namespace {

using discussions::Visibility;

struct DemoCategory {
  const char* key;
  const char* group;
  const char* name;
  const char* description;
  Visibility visibility;
};

const DemoCategory demo_categories[] = {
    {"national-general", "national", "General",
     "Introductions, questions and anything that fits nowhere else. Open to everyone.",
     Visibility::public_},
    {"national-campaigns", "national", "Campaigns",
     "What we are campaigning on across the federation, and how to help.", Visibility::supporters},
    {"national-proposals", "national", "Proposals",
     "Ideas on their way to becoming motions. Members only.", Visibility::members},
    {"national-stories", "national", "Stories",
     "Wins, setbacks and lessons from branches, told for anyone to read.", Visibility::public_},
    {"riverside-general", "riverside", "General", "Branch business and meeting planning.",
     Visibility::members},
    {"riverside-campaigns", "riverside", "Campaigns", "Local campaigns, open to the public.",
     Visibility::public_},
    {"riverside-proposals", "riverside", "Proposals",
     "The debate on each proposal of the branch: members only.", Visibility::members},
    {"riverside-stories", "riverside", "Stories", "Why we joined, and what changed since.",
     Visibility::supporters},
};

// One post of a demo thread: `parent` is the index of an earlier post of the same thread (-1: a
// reply to the opening post; the opening post itself is index 0 and has no parent).
struct DemoPost {
  const char* author;
  const char* body;
  int parent;
  std::vector<const char*> thanked_by;
};

struct DemoThread {
  const char* category;
  const char* title;
  std::vector<const char*> tags;
  int days_ago;
  std::vector<DemoPost> posts;
};

const std::vector<DemoThread>& demo_threads() {
  static const std::vector<DemoThread> threads = {
      {"national-general",
       "Welcome to Plenary: start here",
       {"welcome"},
       40,
       {{"alex",
         "Welcome! This is where the federation talks things through.\n\n"
         "- **General** is open to everyone\n- **Campaigns** is for supporters and members\n"
         "- **Proposals** is for members\n\nSay hello below.",
         -1,
         {"victor"}},
        {"victor",
         "Hello from a long-time member. Glad we have somewhere better than email.",
         -1,
         {"alex"}},
        {"alex",
         "Good to have you here, @VictorAdeyemi. Tell us what you would like to see.",
         1,
         {}},
        {"victor", "Threads that do not get lost, and votes we can all see.", 2, {"alex"}}}},
      {"national-campaigns",
       "Fair rents: what we ask for this year",
       {"housing", "rent"},
       21,
       {{"victor",
         "Three demands for discussion:\n\n1. A register of landlords\n2. Rent rises capped at "
         "inflation\n3. Repairs within 14 days",
         -1,
         {"alex"}},
        {"alex", "Number 3 is the one people raise with us most often.", -1, {"victor"}},
        {"victor", "Agreed. Shall we lead with it?", 1, {}}}},
      {"national-proposals",
       "Proposal: hold the annual conference online and in person",
       {"conference"},
       9,
       {{"alex",
         "Last year a third of branches could not travel. A hybrid conference would let everyone "
         "vote.",
         -1,
         {}},
        {"victor", "Yes, if the voting works the same for both.", -1, {"alex"}}}},
      {"national-stories",
       "How Harbour Branch saved the number 9 bus",
       {"transport"},
       30,
       {{"victor",
         "A petition, two public meetings and a lot of patience. The council reversed the cut "
         "in March.",
         -1,
         {"alex"}},
        {"alex", "A great example of a small branch making a big difference.", -1, {}}}},
      {"riverside-general",
       "First Monday meeting: agenda ideas",
       {"meetings"},
       12,
       {{"chidi", "What should be on the agenda for the next branch meeting?", -1, {"farah"}},
        {"farah", "An update on the library petition, please.", -1, {"chidi", "omar"}},
        {"omar", "And whether we can move the meeting to 7pm.", 1, {}},
        {"dev", "7pm works better for shift workers like me.", 2, {"omar", "farah"}},
        {"chidi", "Noted: both are on the agenda.", 3, {"dev"}},
        {"hana", "Could we have a short training slot too?", -1, {"chidi"}}}},
      {"riverside-campaigns",
       "Petition: keep the library open on Saturdays",
       {"library"},
       18,
       {{"farah",
         "The council wants to close the library on Saturdays. Sign the petition and tell your "
         "neighbours.",
         -1,
         {"quinn", "chidi"}},
        {"quinn", "Signed, and I left leaflets at the café.", -1, {"farah"}},
        {"chidi", "We have 412 signatures so far.", 1, {"quinn"}}}},
      {"riverside-proposals",
       "Budget for the autumn leaflets",
       {"budget"},
       6,
       {{"chidi",
         "I propose £150 for 3,000 leaflets. Thoughts before we put it to members?",
         -1,
         {}},
        {"bea", "Regional funds can match half of it.", -1, {"chidi"}}}},
      {"riverside-stories",
       "Why I joined",
       {},
       25,
       {{"quinn",
         "My rent went up 20% in one go. I wanted to do something about it.",
         -1,
         {"farah"}},
        {"farah", "Same story here, two years ago. Welcome!", -1, {"quinn"}}}},
  };
  return threads;
}

}  // namespace

Status load_discussions(db::Tx& tx, const std::map<std::string, std::int64_t>& groups,
                        const std::map<std::string, std::int64_t>& people, TimePoint now) {
  std::map<std::string, std::int64_t> category_ids;
  for (const auto& category : demo_categories) {
    category_ids[category.key] = discussions::repo::insert_category(
        tx, groups.at(category.group), category.name, category.description, category.visibility);
  }

  for (const auto& thread : demo_threads()) {
    const auto started = now - std::chrono::hours(24 * thread.days_ago);
    std::vector<std::string> tags(thread.tags.begin(), thread.tags.end());
    const auto thread_id = discussions::repo::insert_thread(tx, category_ids.at(thread.category),
                                                            people.at(thread.posts.front().author),
                                                            thread.title, tags, iso8601(started));
    std::vector<std::int64_t> post_ids;
    std::vector<std::string> paths;
    std::vector<int> depths;
    for (std::size_t i = 0; i < thread.posts.size(); ++i) {
      const auto& post = thread.posts[i];
      auto rendered = discussions::render_body(post.body);
      if (!rendered)
        return rendered.error();
      const auto id = discussions::repo::next_post_id(tx);
      std::optional<std::size_t> parent;
      if (i > 0)
        parent = post.parent < 0 ? 0 : static_cast<std::size_t>(post.parent);
      const auto path =
          discussions::child_path(parent ? std::optional(paths[*parent]) : std::nullopt, id);
      const int depth = parent ? depths[*parent] + 1 : 0;
      // Replies an hour or three apart, in the order written.
      const auto at = iso8601(started + std::chrono::minutes(97 * static_cast<int>(i)));
      discussions::repo::insert_post(
          tx, {.id = id,
               .thread_id = thread_id,
               .parent_id = parent ? std::optional(post_ids[*parent]) : std::nullopt,
               .author_id = people.at(post.author),
               .tree_path = path,
               .depth = depth,
               .body_source = post.body,
               .body_html = rendered->html,
               .body_text = rendered->text,
               .created_at = at});
      discussions::repo::count_new_post(tx, thread_id, at);
      for (const char* thanker : post.thanked_by) {
        if (discussions::repo::insert_thanks(tx, id, people.at(thanker), at)) {
          discussions::repo::adjust_thanks_count(tx, id, +1);
        }
      }
      post_ids.push_back(id);
      paths.push_back(path);
      depths.push_back(depth);
    }
  }
  return ok();
}

}  // namespace plenary::demo
