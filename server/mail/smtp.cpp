#include "mail/smtp.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace plenary::mail {
namespace {

struct UploadSource {
  std::string_view remaining;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t count, void* user_data) {
  auto* source = static_cast<UploadSource*>(user_data);
  const std::size_t length = std::min(size * count, source->remaining.size());
  std::memcpy(buffer, source->remaining.data(), length);
  source->remaining.remove_prefix(length);
  return length;
}

struct EasyHandleDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct RecipientListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

Error failure(std::string detail) {
  return Error{ErrorKind::unavailable, std::move(detail)};
}

}  // namespace

CurlLibrary::CurlLibrary() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    throw std::runtime_error("libcurl could not be initialised");
}

CurlLibrary::~CurlLibrary() {
  curl_global_cleanup();
}

Status send_by_smtp(const SmtpSettings& settings, std::string_view from_address,
                    std::string_view to_address, std::string_view message) {
  std::unique_ptr<CURL, EasyHandleDeleter> handle(curl_easy_init());
  if (!handle)
    return failure("libcurl could not make a handle");
  CURL* curl = handle.get();
  char error_text[CURL_ERROR_SIZE] = "";
  const std::string mail_from = "<" + std::string(from_address) + ">";
  std::unique_ptr<curl_slist, RecipientListDeleter> recipients(
      curl_slist_append(nullptr, ("<" + std::string(to_address) + ">").c_str()));
  UploadSource source{message};

  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  // Only SMTP: a mistyped URL must not make the mail sender read files or fetch web pages.
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_URL, settings.url.c_str());
  // Signals cannot be used for timeouts in a threaded process.
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT,
                   static_cast<long>(settings.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(settings.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY));
  if (!settings.ca_file.empty())
    curl_easy_setopt(curl, CURLOPT_CAINFO, settings.ca_file.c_str());
  if (!settings.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients.get());
  // libcurl escapes lines that start with a dot and ends DATA itself.
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(curl, CURLOPT_READDATA, &source);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));

  const CURLcode result = curl_easy_perform(curl);
  if (result == CURLE_OK)
    return ok();
  long reply_code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply_code);
  std::string detail = curl_easy_strerror(result);
  if (error_text[0] != '\0')
    detail += std::string(": ") + error_text;
  if (reply_code != 0)
    detail += " (SMTP reply " + std::to_string(reply_code) + ")";
  return failure(std::move(detail));
}

}  // namespace plenary::mail
