#pragma once
#include <string>

#include "core/clock.hpp"

namespace plenary {
// "2026-11-21T05:54:37.123456Z": UTC in ISO 8601, which PostgreSQL reads as timestamptz.
std::string iso8601(TimePoint time);
}  // namespace plenary
