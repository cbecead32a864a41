#pragma once
// The web app's files: MIME types, ETag revalidation, gzip for those who accept it (compressed
// once, when a file is first read), no way out of the web root.
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
// Pure: the bytes as a gzip member (RFC 1952), deflated by Beast's port of zlib.
std::string gzip(std::string_view bytes);
// Pure: does this Accept-Encoding header accept gzip (a q=0 refuses it)?
bool accepts_gzip(std::string_view accept_encoding);

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
    // Only for text worth compressing, and only when compressing saved something.
    std::shared_ptr<const std::string> gzipped;
    std::string gzipped_etag;
  };
  std::optional<CachedFile> load(const std::filesystem::path& relative);

  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::filesystem::path, CachedFile> cache_;
};

}  // namespace plenary::http
