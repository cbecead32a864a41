#pragma once
// base64url without padding (RFC 4648 §5): for tokens and opaque cursors.
#include <optional>
#include <string>
#include <string_view>

namespace plenary {

std::string base64url_encode(std::string_view bytes);
// Nothing for text that is not the canonical encoding of some bytes.
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace plenary
