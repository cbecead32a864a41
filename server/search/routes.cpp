// GET /api/v1/search: the query string checked here, the search in service.cpp.
#include <charconv>
#include <limits>

#include "http/json_input.hpp"
#include "http/problem.hpp"
#include "search/module.hpp"
#include "search/service.hpp"

namespace plenary::search {
namespace {
using http::Response;
using http::RouteContext;
using nlohmann::json;

constexpr std::size_t max_query_length = 200;
constexpr int default_limit = 20;

// Every problem with the query string, collected so the person sees them all at once.
class QueryFields {
 public:
  explicit QueryFields(const http::Request& request) : request_(request) {}

  std::optional<std::int64_t> id(const std::string& name) {
    auto text = request_.query_param(name);
    if (!text || text->empty())
      return std::nullopt;
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value <= 0) {
      errors_.push_back({name, "'" + name + "' must be an id (a positive whole number)."});
      return std::nullopt;
    }
    return value;
  }

  template <class Parse>
  auto parsed(const std::string& name, Parse parse, const std::string& message)
      -> decltype(parse(std::string_view())) {
    auto text = request_.query_param(name);
    if (!text || text->empty())
      return std::nullopt;
    auto value = parse(*text);
    if (!value)
      errors_.push_back({name, message});
    return value;
  }

  void add(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message)});
  }
  std::optional<Error> finish() {
    if (errors_.empty())
      return std::nullopt;
    return invalid(std::move(errors_));
  }

 private:
  const http::Request& request_;
  std::vector<FieldError> errors_;
};

json hit_json(const Hit& hit) {
  return {{"kind", hit.kind},
          {"thread", {{"id", hit.thread_id}, {"title", hit.thread_title}}},
          {"post_id", hit.post_id ? json(*hit.post_id) : json()},
          {"author", {{"id", hit.author_id}, {"display_name", hit.author_name}}},
          {"created_at", hit.created_at},
          {"snippet_html", hit.snippet_html},
          {"rank", hit.rank}};
}

}  // namespace

void register_routes(http::Router& router, const Clock&) {
  router.add(http::Method::get, "/api/v1/search", [](RouteContext& context) {
    QueryFields fields(context.request);
    Query query;
    auto text = context.request.query_param("q").value_or("");
    const auto first = text.find_first_not_of(" \t\r\n");
    text = first == std::string::npos
               ? std::string()
               : text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    if (text.empty()) {
      fields.add("q", "Enter something to search for.");
    } else if (!http::valid_utf8(text) || http::utf8_length(text) > max_query_length) {
      fields.add("q", "Search for at most " + std::to_string(max_query_length) + " characters.");
    }
    query.text = text;
    query.group_id = fields.id("group_id");
    query.category_id = fields.id("category_id");
    query.author_id = fields.id("author_id");
    query.from = fields.parsed("from", parse_from,
                               "'from' must be a date like 2025-03-31, or a date and time.");
    query.to =
        fields.parsed("to", parse_to, "'to' must be a date like 2025-03-31, or a date and time.");
    query.after =
        fields.parsed("cursor", decode_search_cursor,
                      "This page link is damaged or out of date. Start again from the first page.");
    query.limit = default_limit;
    if (auto limit = fields.id("limit")) {
      if (*limit > max_results_page) {
        fields.add("limit", "'limit' must be a whole number from 1 to " +
                                std::to_string(max_results_page) + ".");
      } else {
        query.limit = static_cast<int>(*limit);
      }
    }
    if (auto error = fields.finish())
      return http::problem(*error);
    auto page = search(context.db(), context.actor, query);
    auto results = json::array();
    for (const auto& hit : page.results)
      results.push_back(hit_json(hit));
    return Response::json(
        200, {{"results", results},
              {"next_cursor", page.next ? json(encode_search_cursor(*page.next)) : json()}});
  });
}

}  // namespace plenary::search
