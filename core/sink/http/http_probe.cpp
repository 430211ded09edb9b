#include "sink/http/http_probe.h"

#include "sink/http/http_client.h"
#include "sink/http/webhook_signature.h"
#include "util/errors.h"

namespace syncline::http {

std::string probeHttpSink(const PostgresSinkConfig &config)
{
    const std::string body = "[]";
    const auto headers = webhookHeaders(config.http, "syncline-validate", body);
    HttpClient client(config.http.connectTimeoutSeconds, config.http.timeoutSeconds);
    const HttpResponse response = client.post(config.http.url, headers, body);
    if (response.status == 0)
        throw TransientError("the receiver could not be reached: " + response.error);
    const std::string answer =
        "the receiver answered a test request with HTTP " + std::to_string(response.status);
    if (response.acknowledged())
        return answer;
    const std::string detail = response.body.empty() ? "" : ": " + response.body.substr(0, 300);
    if (response.retryable())
        throw TransientError(answer + detail);
    throw PermanentError(answer + detail);
}

} // namespace syncline::http
