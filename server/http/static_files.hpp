#pragma once
// The web app's files: MIME types, ETag revalidation, no way out of the web root.
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace plenary::http {

std::string mime_type_for(std::string_view path);
// Pure: the safe relative path for a request path, or nothing when it tries to leave the root or
// names a hidden file.
std::optional<std::filesystem::path> safe_relative_path(std::string_view request_path);

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // A response for GET/HEAD of request.path; paths without an extension fall back to index.html
  // so that the single-page app's own addresses load it. Nothing when no file matches.
  std::optional<Response> serve(const Request& request);

 private:
  struct CachedFile {
    std::filesystem::file_time_type modified;
    std::shared_ptr<const std::string> content;
    std::string etag;
  };
  std::optional<CachedFile> load(const std::filesystem::path& relative);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::filesystem::path, CachedFile> cache_;
};

}  // namespace plenary::http
