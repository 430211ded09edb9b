#include "sink/http/http_client.h"

#include "util/errors.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <mutex>

namespace syncline::http {
namespace {

constexpr std::size_t kMaxBodyKept = 64 * 1024;

std::size_t keepBody(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &body = *static_cast<std::string *>(user);
    const std::size_t bytes = size * count;
    body.append(data, std::min(bytes, kMaxBodyKept - std::min(kMaxBodyKept, body.size())));
    return bytes;
}

std::optional<std::chrono::seconds> parseRetryAfter(std::string value)
{
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.pop_back();
    if (value.empty())
        return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::chrono::seconds(std::stoll(value.substr(0, 9)));
    const time_t at = curl_getdate(value.c_str(), nullptr);
    if (at < 0)
        return std::nullopt;
    return std::chrono::seconds(std::max<long long>(0, at - std::time(nullptr)));
}

std::size_t readHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &response = *static_cast<HttpResponse *>(user);
    const std::string line(data, size * count);
    constexpr std::string_view name = "retry-after:";
    const bool isRetryAfter =
        line.size() > name.size() &&
        std::equal(name.begin(), name.end(), line.begin(),
                   [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
    const auto value = line.find_first_not_of(' ', name.size());
    if (isRetryAfter && value != std::string::npos)
        response.retryAfter = parseRetryAfter(line.substr(value));
    return size * count;
}

int checkAbort(void *flag, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<const std::atomic<bool> *>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

HttpClient::HttpClient(int connectTimeoutSeconds, int timeoutSeconds)
{
    static std::once_flag initialized;
    std::call_once(initialized, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    CURL *curl = curl_easy_init();
    if (!curl)
        throw PermanentError("libcurl could not start a session");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(connectTimeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(timeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, keepBody);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, readHeader);
    m_curl = curl;
}

HttpClient::~HttpClient()
{
    curl_easy_cleanup(static_cast<CURL *>(m_curl));
}

void HttpClient::setAbortFlag(const std::atomic<bool> *flag)
{
    CURL *curl = static_cast<CURL *>(m_curl);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, checkAbort);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, const_cast<std::atomic<bool> *>(flag));
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
}

HttpResponse HttpClient::post(const std::string &url, const std::vector<std::string> &headers,
                              const std::string &body)
{
    CURL *curl = static_cast<CURL *>(m_curl);
    HttpResponse response;
    curl_slist *list = nullptr;
    for (const auto &header : headers)
        list = curl_slist_append(list, header.c_str());
    list = curl_slist_append(list, "Expect:"); // no 100-continue round trip
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    const CURLcode result = curl_easy_perform(curl);
    curl_slist_free_all(list);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    if (result != CURLE_OK) {
        response.error = curl_easy_strerror(result);
        return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

} // namespace syncline::http
