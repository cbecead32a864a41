#include "http/router.hpp"

#include <charconv>

namespace plenary::http {
namespace {
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos)
      end = path.size();
    segments.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}
bool is_parameter(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}
}  // namespace

std::string_view RouteContext::parameter(std::string_view name) const {
  for (const auto& p : parameters) {
    if (p.name == name)
      return p.value;
  }
  return {};
}

Result<std::int64_t> RouteContext::id(std::string_view name) const {
  auto text = parameter(name);
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value <= 0) {
    return not_found("There is nothing at this address.");
  }
  return value;
}

Result<const Actor*> RouteContext::signed_in() const {
  if (!actor)
    return unauthenticated();
  return actor;
}

void Router::add(Method method, std::string pattern, Handler handler, RouteOptions options) {
  Route route{method, pattern, split_path(pattern), std::move(handler), std::move(options)};
  routes_.push_back(std::move(route));
}

RouteMatch Router::match(Method method, std::string_view path) const {
  RouteMatch result;
  const auto segments = split_path(path);
  const Method wanted = method == Method::head ? Method::get : method;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size())
      continue;
    std::vector<PathParameter> parameters;
    bool matches = true;
    for (std::size_t i = 0; i < segments.size() && matches; ++i) {
      if (is_parameter(route.segments[i])) {
        if (segments[i].empty())
          matches = false;
        parameters.push_back(
            {route.segments[i].substr(1, route.segments[i].size() - 2), segments[i]});
      } else {
        matches = route.segments[i] == segments[i];
      }
    }
    if (!matches)
      continue;
    result.path_known = true;
    if (route.method == wanted) {
      result.route = &route;
      result.parameters = std::move(parameters);
      return result;
    }
  }
  return result;
}

}  // namespace plenary::http
