#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace syncline::http {

struct HttpResponse
{
    long status = 0;   // 0: no response (refused, timed out, TLS failed): see error
    std::string body;  // the first 64 KiB
    std::string error; // libcurl's reason when status is 0
    std::optional<std::chrono::seconds> retryAfter; // Retry-After, seconds or an HTTP date

    bool acknowledged() const { return status >= 200 && status < 300; }
    // No answer, 429 or 5xx: the same request may succeed later.
    bool retryable() const { return status == 0 || status == 429 || status >= 500; }
};

// One libcurl easy handle, reused across requests so that the connection stays open.
class HttpClient
{
public:
    HttpClient(int connectTimeoutSeconds, int timeoutSeconds);
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // `headers` as "Name: value" lines.
    HttpResponse post(const std::string &url, const std::vector<std::string> &headers,
                      const std::string &body);
    // While *flag is true, a request in progress stops (status 0, "aborted").
    void setAbortFlag(const std::atomic<bool> *flag);

private:
    void *m_curl = nullptr; // CURL
};

} // namespace syncline::http
