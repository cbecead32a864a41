#include <gtest/gtest.h>

#include <boost/beast/zlib/inflate_stream.hpp>
#include <boost/crc.hpp>
#include <filesystem>
#include <fstream>

#include "http/static_files.hpp"

namespace plenary::http {
namespace {

std::uint32_t little_endian_at(const std::string& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i)
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// An independent reading of a gzip member: header, inflate, then the trailer's CRC and size.
std::string gunzip(const std::string& member) {
  namespace zlib = boost::beast::zlib;
  EXPECT_GE(member.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(member[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(member[1]), 0x8b);
  EXPECT_EQ(member[2], 8);
  EXPECT_EQ(member[3], 0);  // no optional fields follow the 10-byte header
  const auto expected_size = little_endian_at(member, member.size() - 4);
  std::string out(expected_size + 1, '\0');
  zlib::inflate_stream inflater;
  inflater.reset(15);
  zlib::z_params params;
  params.next_in = member.data() + 10;
  params.avail_in = member.size() - 18;
  params.next_out = out.data();
  params.avail_out = out.size();
  boost::system::error_code ec;
  inflater.write(params, zlib::Flush::finish, ec);
  EXPECT_TRUE(!ec || ec == zlib::error::end_of_stream) << ec.message();
  out.resize(params.total_out);
  boost::crc_32_type crc;
  crc.process_bytes(out.data(), out.size());
  EXPECT_EQ(crc.checksum(), little_endian_at(member, member.size() - 8));
  EXPECT_EQ(out.size(), expected_size);
  return out;
}

TEST(StaticGzip, RoundTripsAndShrinksText) {
  std::string text;
  for (int i = 0; i < 2000; ++i)
    text += "export function view" + std::to_string(i % 37) + "() { return 'plenary'; }\n";
  const auto member = gzip(text);
  EXPECT_LT(member.size(), text.size() / 5);
  EXPECT_EQ(gunzip(member), text);
}

TEST(StaticGzip, KeepsEveryByteValue) {
  std::string bytes;
  for (int i = 0; i < 70000; ++i)
    bytes += static_cast<char>((i * 7919) % 256);
  EXPECT_EQ(gunzip(gzip(bytes)), bytes);
  EXPECT_EQ(gunzip(gzip("")), "");
}

TEST(StaticGzip, AcceptEncodingIsRead) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br, zstd"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("identity"));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip; q=0.000, br"));
  EXPECT_FALSE(accepts_gzip("xgzip"));
}

class StaticFilesServe : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("plenary-static-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_);
    for (int i = 0; i < 300; ++i)
      script_ += "console.log('line " + std::to_string(i) + "');\n";
    std::ofstream(root_ / "app.js") << script_;
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  Request get(std::string path, std::vector<Header> headers = {}) {
    Request request;
    request.path = std::move(path);
    request.headers = std::move(headers);
    return request;
  }

  std::filesystem::path root_;
  std::string script_;
};

TEST_F(StaticFilesServe, GzipOnlyForThoseWhoAcceptIt) {
  StaticFiles files(root_);
  auto plain = files.serve(get("/app.js"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, script_);
  EXPECT_EQ(plain->header("content-encoding"), "");
  EXPECT_EQ(plain->header("vary"), "accept-encoding");

  auto compressed = files.serve(get("/app.js", {{"accept-encoding", "gzip, br"}}));
  ASSERT_TRUE(compressed);
  EXPECT_EQ(compressed->header("content-encoding"), "gzip");
  EXPECT_EQ(compressed->header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_LT(compressed->body.size(), script_.size());
  EXPECT_EQ(gunzip(compressed->body), script_);
  EXPECT_NE(compressed->header("etag"), plain->header("etag"));
}

TEST_F(StaticFilesServe, EachRepresentationRevalidatesWithItsOwnEtag) {
  StaticFiles files(root_);
  const std::string plain_etag(files.serve(get("/app.js"))->header("etag"));
  const std::string gzip_etag(
      files.serve(get("/app.js", {{"accept-encoding", "gzip"}}))->header("etag"));

  auto unchanged =
      files.serve(get("/app.js", {{"accept-encoding", "gzip"}, {"if-none-match", gzip_etag}}));
  EXPECT_EQ(unchanged->status, 304);
  EXPECT_TRUE(unchanged->body.empty());
  EXPECT_EQ(files.serve(get("/app.js", {{"if-none-match", plain_etag}}))->status, 304);
  // A client that no longer accepts gzip must not be told its gzip copy is still good.
  EXPECT_EQ(files.serve(get("/app.js", {{"if-none-match", gzip_etag}}))->status, 200);
  EXPECT_EQ(
      files.serve(get("/app.js", {{"accept-encoding", "gzip"}, {"if-none-match", plain_etag}}))
          ->status,
      200);
}

}  // namespace
}  // namespace plenary::http
