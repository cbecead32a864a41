#pragma once
// The single mapping from expected failures to HTTP: application/problem+json (RFC 9457).
#include "core/error.hpp"
#include "http/message.hpp"

namespace plenary::http {

int status_for(ErrorKind kind);
Response problem(const Error& error);
Response problem(int status, std::string detail, std::string code = {});

}  // namespace plenary::http
