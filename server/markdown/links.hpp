#pragma once
// Which link destinations a post may use. Pure.
#include <string_view>

namespace plenary::markdown {

// A destination is allowed when, read the way a browser reads it (tabs and line breaks removed,
// leading and trailing spaces and control characters stripped), it is http:, https: or mailto:
// in any letter case, or has no scheme at all (a path, a query or a fragment on this site).
// Anything else that looks like it could carry a scheme — a ':' before the first '/', '?' or '#'
// — is refused, so javascript:, vbscript:, data:, file: and schemes we have never heard of are
// all out, however they are spelt. The destination is the decoded one: cmark-gfm has already
// turned entities (&#106;) and backslash escapes into characters.
bool allowed_link_destination(std::string_view destination);

}  // namespace plenary::markdown
