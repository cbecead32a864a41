#include "http/static_files.hpp"

#include <openssl/sha.h>

#include <boost/beast/zlib/deflate_stream.hpp>
#include <boost/crc.hpp>
#include <cctype>
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

namespace {

bool worth_compressing(std::string_view mime_type) {
  return mime_type.starts_with("text/") || mime_type.starts_with("application/json") ||
         mime_type.starts_with("application/manifest+json") ||
         mime_type.starts_with("image/svg+xml");
}

void append_little_endian(std::string& out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((value >> (8 * i)) & 0xff);
}

std::string lowercase(std::string_view text) {
  std::string lower(text);
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

std::string gzip(std::string_view bytes) {
  namespace zlib = boost::beast::zlib;
  zlib::deflate_stream deflater;
  // Raw deflate (Beast writes no zlib header), best compression: each file is compressed once.
  deflater.reset(9, 15, 8, zlib::Strategy::normal);
  // Header: magic, deflate, no flags, no time, maximum compression, unknown OS.
  std::string out{"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff", 10};
  const auto header = out.size();
  out.resize(header + deflater.upper_bound(bytes.size()) + 64);
  zlib::z_params params;
  params.next_in = bytes.data();
  params.avail_in = bytes.size();
  params.next_out = out.data() + header;
  params.avail_out = out.size() - header;
  boost::system::error_code ec;
  deflater.write(params, zlib::Flush::finish, ec);
  if (ec && ec != zlib::error::end_of_stream)
    throw std::runtime_error("gzip failed: " + ec.message());
  out.resize(header + params.total_out);
  boost::crc_32_type crc;
  crc.process_bytes(bytes.data(), bytes.size());
  append_little_endian(out, crc.checksum());
  append_little_endian(out, static_cast<std::uint32_t>(bytes.size()));
  return out;
}

bool accepts_gzip(std::string_view accept_encoding) {
  std::size_t start = 0;
  while (start <= accept_encoding.size()) {
    auto end = accept_encoding.find(',', start);
    if (end == std::string_view::npos)
      end = accept_encoding.size();
    auto item = trimmed(accept_encoding.substr(start, end - start));
    start = end + 1;
    auto semicolon = item.find(';');
    const auto coding = lowercase(trimmed(item.substr(0, semicolon)));
    if (coding != "gzip" && coding != "x-gzip" && coding != "*")
      continue;
    if (semicolon == std::string_view::npos)
      return true;
    // "gzip;q=0", "gzip;q=0.000": refused; any other weight accepts it.
    auto parameter = lowercase(trimmed(item.substr(semicolon + 1)));
    if (!parameter.starts_with("q="))
      return true;
    auto weight = parameter.substr(2);
    return weight.find_first_not_of("0.") != std::string::npos;
  }
  return false;
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
  CachedFile file{modified, std::move(content), std::move(etag), nullptr, {}};
  if (worth_compressing(mime_type_for(relative.string())) && file.content->size() > 256) {
    auto gzipped = gzip(*file.content);
    if (gzipped.size() < file.content->size()) {
      file.gzipped = std::make_shared<const std::string>(std::move(gzipped));
      // Another representation, another strong validator.
      file.gzipped_etag = file.etag.substr(0, file.etag.size() - 1) + "-gzip\"";
    }
  }
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
  const bool compressed = file->gzipped && accepts_gzip(request.header("accept-encoding"));
  const auto& etag = compressed ? file->gzipped_etag : file->etag;
  Response response;
  response.set_header("etag", etag);
  // Files change only with a deploy; revalidating each time is cheap thanks to the ETag.
  response.set_header("cache-control", "no-cache");
  if (file->gzipped)
    response.set_header("vary", "accept-encoding");
  if (auto match = request.header("if-none-match");
      !match.empty() && match.find(etag) != std::string_view::npos) {
    response.status = 304;
    return response;
  }
  response.status = 200;
  response.set_header("content-type", mime_type_for(relative->string()));
  if (compressed)
    response.set_header("content-encoding", "gzip");
  response.body = compressed ? *file->gzipped : *file->content;
  return response;
}

}  // namespace plenary::http
