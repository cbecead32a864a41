#include "http/static_files.hpp"

#include <openssl/sha.h>

#include <fstream>
#include <sstream>

namespace plenary::http {
namespace fs = std::filesystem;

std::string mime_type_for(std::string_view path) {
  auto dot = path.rfind('.');
  if (dot == std::string_view::npos)
    return "application/octet-stream";
  auto ext = path.substr(dot + 1);
  if (ext == "html")
    return "text/html; charset=utf-8";
  if (ext == "js" || ext == "mjs")
    return "text/javascript; charset=utf-8";
  if (ext == "css")
    return "text/css; charset=utf-8";
  if (ext == "json")
    return "application/json";
  if (ext == "svg")
    return "image/svg+xml";
  if (ext == "png")
    return "image/png";
  if (ext == "ico")
    return "image/x-icon";
  if (ext == "webmanifest")
    return "application/manifest+json";
  if (ext == "txt")
    return "text/plain; charset=utf-8";
  if (ext == "woff2")
    return "font/woff2";
  return "application/octet-stream";
}

std::optional<fs::path> safe_relative_path(std::string_view request_path) {
  if (request_path.empty() || request_path.front() != '/')
    return std::nullopt;
  fs::path relative;
  std::size_t start = 1;
  while (start <= request_path.size()) {
    auto end = request_path.find('/', start);
    if (end == std::string_view::npos)
      end = request_path.size();
    auto segment = request_path.substr(start, end - start);
    start = end + 1;
    if (segment.empty())
      continue;
    // "..", "." and hidden files (.git, .env) are never served.
    if (segment.front() == '.' || segment.find('\0') != std::string_view::npos)
      return std::nullopt;
    relative /= std::string(segment);
  }
  return relative;
}

StaticFiles::StaticFiles(fs::path root) : root_(fs::weakly_canonical(std::move(root))) {}

std::optional<StaticFiles::CachedFile> StaticFiles::load(const fs::path& relative) {
  const fs::path full = root_ / relative;
  std::error_code ec;
  if (!fs::is_regular_file(full, ec))
    return std::nullopt;
  // Symbolic links inside the web root must not lead outside it either.
  auto canonical = fs::weakly_canonical(full, ec);
  if (ec)
    return std::nullopt;
  auto [root_end, unused] = std::mismatch(root_.begin(), root_.end(), canonical.begin());
  if (root_end != root_.end())
    return std::nullopt;
  auto modified = fs::last_write_time(full, ec);
  if (ec)
    return std::nullopt;
  {
    std::lock_guard lock(mutex_);
    if (auto found = cache_.find(relative);
        found != cache_.end() && found->second.modified == modified) {
      return found->second;
    }
  }
  std::ifstream in(full, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto content = std::make_shared<const std::string>(buffer.str());
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(content->data()), content->size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string etag = "\"";
  for (int i = 0; i < 12; ++i) {
    etag += hex[digest[i] >> 4];
    etag += hex[digest[i] & 15];
  }
  etag += "\"";
  CachedFile file{modified, std::move(content), std::move(etag)};
  std::lock_guard lock(mutex_);
  cache_[relative] = file;
  return file;
}

std::optional<Response> StaticFiles::serve(const Request& request) {
  auto relative = safe_relative_path(request.path);
  if (!relative)
    return std::nullopt;
  if (relative->empty() || request.path.ends_with('/'))
    *relative /= "index.html";
  auto file = load(*relative);
  if (!file && !relative->has_extension()) {
    relative = fs::path("index.html");
    file = load(*relative);
  }
  if (!file)
    return std::nullopt;
  Response response;
  response.set_header("etag", file->etag);
  // Files change only with a deploy; revalidating each time is cheap thanks to the ETag.
  response.set_header("cache-control", "no-cache");
  if (auto match = request.header("if-none-match");
      !match.empty() && match.find(file->etag) != std::string_view::npos) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", mime_type_for(relative->string()));
  response.body = *file->content;
  return response;
}

}  // namespace plenary::http
