#pragma once
#include <string_view>

namespace plenary::http {
// The OpenAPI 3 document (server/openapi.json), compiled into the binary.
std::string_view openapi_document();
}  // namespace plenary::http
