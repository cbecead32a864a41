#include <gtest/gtest.h>

#include "http/json_input.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace plenary::http {
namespace {

Request json_request(std::string body, std::string content_type = "application/json") {
  Request request;
  request.method = Method::post;
  request.headers.push_back({"content-type", std::move(content_type)});
  request.body = std::move(body);
  return request;
}

TEST(RouterTest, MatchesParametersAndMethods) {
  Router router;
  router.add(Method::get, "/api/v1/groups/{group_id}", [](RouteContext&) { return Response{}; });
  router.add(Method::post, "/api/v1/groups/{group_id}/members",
             [](RouteContext&) { return Response{}; });
  auto match = router.match(Method::get, "/api/v1/groups/42");
  ASSERT_NE(match.route, nullptr);
  ASSERT_EQ(match.parameters.size(), 1u);
  EXPECT_EQ(match.parameters[0].name, "group_id");
  EXPECT_EQ(match.parameters[0].value, "42");
  EXPECT_NE(router.match(Method::head, "/api/v1/groups/42").route, nullptr);

  auto wrong_method = router.match(Method::del, "/api/v1/groups/42");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_known);
  auto unknown = router.match(Method::get, "/api/v1/groups/42/nothing");
  EXPECT_EQ(unknown.route, nullptr);
  EXPECT_FALSE(unknown.path_known);
  EXPECT_EQ(router.match(Method::get, "/api/v1/groups/").route, nullptr);
}

TEST(RouterTest, IdsMustBePositiveNumbers) {
  Request request;
  RouteContext context{request, {{"id", "12"}}};
  EXPECT_EQ(*context.id("id"), 12);
  for (const char* bad : {"0", "-3", "12a", "", "99999999999999999999"}) {
    RouteContext bad_context{request, {{"id", bad}}};
    ASSERT_FALSE(bad_context.id("id").ok()) << bad;
    EXPECT_EQ(bad_context.id("id").error().kind, ErrorKind::not_found);
  }
}

TEST(MessageTest, CookiesQueryAndTargets) {
  Request request;
  request.headers.push_back({"cookie", "a=1; plenary_session=abc ; b=2"});
  request.query = "q=hello+world&cursor=x%2Fy&flag";
  EXPECT_EQ(request.cookie("plenary_session"), "abc");
  EXPECT_EQ(request.cookie("b"), "2");
  EXPECT_FALSE(request.cookie("c").has_value());
  EXPECT_EQ(request.query_param("q"), "hello world");
  EXPECT_EQ(request.query_param("cursor"), "x/y");
  EXPECT_EQ(request.query_param("flag"), "");
  EXPECT_FALSE(request.query_param("missing").has_value());

  std::string path, query;
  EXPECT_TRUE(split_target("/a%20b?x=1", path, query));
  EXPECT_EQ(path, "/a b");
  EXPECT_EQ(query, "x=1");
  EXPECT_FALSE(split_target("no-slash", path, query));
  EXPECT_FALSE(split_target("/a%00b", path, query));
  EXPECT_FALSE(split_target("/a%5c..%5cb", path, query));
}

TEST(StaticPathTest, TraversalAndHiddenFilesAreRefused) {
  EXPECT_EQ(safe_relative_path("/js/app.js")->string(), "js/app.js");
  EXPECT_EQ(safe_relative_path("/")->string(), "");
  EXPECT_FALSE(safe_relative_path("/../etc/passwd").has_value());
  EXPECT_FALSE(safe_relative_path("/js/../../etc/passwd").has_value());
  EXPECT_FALSE(safe_relative_path("/.git/config").has_value());
  EXPECT_FALSE(safe_relative_path("/js/./app.js").has_value());
  EXPECT_FALSE(safe_relative_path("relative").has_value());
  EXPECT_EQ(mime_type_for("a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("x.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("noext"), "application/octet-stream");
}

TEST(JsonInputTest, ParsesObjectsOnlyWithinDepth) {
  EXPECT_TRUE(parse_json_object(json_request("{\"a\":1}")).ok());
  EXPECT_EQ(parse_json_object(json_request("{\"a\":")).error().kind, ErrorKind::bad_request);
  EXPECT_FALSE(parse_json_object(json_request("[1,2]")).ok());
  EXPECT_FALSE(parse_json_object(json_request("{}", "text/plain")).ok());
  std::string deep = std::string(100, '[') + std::string(100, ']');
  EXPECT_FALSE(parse_json_object(json_request("{\"a\":" + deep + "}")).ok());
}

TEST(JsonInputTest, CollectsEveryFieldProblem) {
  auto body = nlohmann::json::parse(
      R"({"name":"   ","age":"x","email":"not-an-email","extra":1,"ok":true,"long":"abcdef"})");
  JsonFields fields(body);
  EXPECT_FALSE(fields.required_text("name", {.min_length = 1, .max_length = 10}));
  EXPECT_FALSE(fields.required_int("age", 0, 150));
  EXPECT_FALSE(fields.required_email("email"));
  EXPECT_EQ(fields.optional_bool("ok"), true);
  EXPECT_FALSE(fields.optional_text("long", {.max_length = 5}));
  EXPECT_FALSE(fields.required_text("missing", {.min_length = 1}));
  auto error = fields.finish();
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, ErrorKind::unprocessable);
  std::set<std::string> named;
  for (const auto& field : error->fields)
    named.insert(field.field);
  EXPECT_EQ(named, (std::set<std::string>{"name", "age", "email", "long", "missing", "extra"}));
}

TEST(JsonInputTest, CleanBodyHasNoError) {
  auto body = nlohmann::json::parse(R"({"email":" Ann@Example.ORG ","count":3,"note":null})");
  JsonFields fields(body);
  EXPECT_EQ(fields.required_email("email"), "ann@example.org");
  EXPECT_EQ(fields.optional_int("count", 1, 5), 3);
  EXPECT_FALSE(fields.optional_text("note", {}).has_value());
  EXPECT_FALSE(fields.finish().has_value());
}

TEST(JsonInputTest, TextRulesCountCharactersAndRefuseNewlines) {
  auto body = nlohmann::json::parse(R"({"a":"ééé","b":"two\nlines"})");
  JsonFields fields(body);
  EXPECT_EQ(fields.required_text("a", {.min_length = 1, .max_length = 3}), "ééé");
  EXPECT_FALSE(fields.required_text("b", {.min_length = 1}));
  EXPECT_TRUE(fields.finish().has_value());
  EXPECT_TRUE(plausible_email("a.b+c@example.co.uk"));
  EXPECT_FALSE(plausible_email("a@b"));
  EXPECT_FALSE(plausible_email("a b@example.org"));
  EXPECT_FALSE(plausible_email("a@@example.org"));
  EXPECT_FALSE(valid_utf8("\xc3"));
  EXPECT_TRUE(valid_utf8("\xc3\xa9"));
}

TEST(ProblemTest, MapsKindsToStatusesWithRetryAfter) {
  auto response = problem(too_many_requests("Slow down.", 30));
  EXPECT_EQ(response.status, 429);
  EXPECT_EQ(response.header("content-type"), "application/problem+json");
  EXPECT_EQ(response.header("retry-after"), "30");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], 429);
  EXPECT_EQ(body["detail"], "Slow down.");

  auto invalid_response = problem(invalid_field("email", "Enter an email."));
  EXPECT_EQ(invalid_response.status, 422);
  auto invalid_body = nlohmann::json::parse(invalid_response.body);
  EXPECT_EQ(invalid_body["errors"][0]["field"], "email");

  EXPECT_EQ(problem(forbidden("No.", "not_a_member")).status, 403);
  EXPECT_EQ(nlohmann::json::parse(problem(forbidden("No.", "not_a_member")).body)["code"],
            "not_a_member");
  EXPECT_EQ(problem(405, "Nope.").status, 405);
  EXPECT_EQ(nlohmann::json::parse(problem(405, "Nope.").body)["status"], 405);
}

}  // namespace
}  // namespace plenary::http
