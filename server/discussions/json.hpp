#pragma once
// The JSON the API sends for categories, threads and posts (DISCUSSIONS.md), also used as the
// payload of live events.
#include <nlohmann/json.hpp>

#include "discussions/model.hpp"
#include "discussions/service.hpp"

namespace plenary::discussions {

nlohmann::json person_json(const PersonRef& person);
nlohmann::json category_json(const CategorySummary& summary);
nlohmann::json category_view_json(const CategoryView& view);
nlohmann::json thread_json(const Thread& thread);
// A row of a category's thread list.
nlohmann::json thread_summary_json(const ThreadSummary& summary);
// A hidden post's body only for those the view allows; a deleted post's for nobody.
nlohmann::json post_json(const PostView& view);
nlohmann::json thread_page_json(const ThreadPage& page);
nlohmann::json revision_json(const Revision& revision);

}  // namespace plenary::discussions
