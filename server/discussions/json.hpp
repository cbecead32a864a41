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

// The text of the JSON as the API sends it (http::Response::json's settings).
std::string json_text(const nlohmann::json& json);
// Fills page.serialized: each post's JSON without the reader's part, made once per cached page.
void serialize_shared(SharedThreadPage& page);
// The same bytes as json_text(thread_page_json(…)) of the page this reader gets, spliced from the
// shared posts' text: no JSON tree is built for the posts a signed-in reader shares with others.
std::string thread_page_text(const SharedThreadPage& shared, const ReaderPart& reader);

}  // namespace plenary::discussions
