#include "sink/http/http_probe.h"

#include "sink/http/http_client.h"
#include "sink/http/webhook_signature.h"
#include "util/errors.h"

#include <ctime>

namespace syncline::http {

std::string probeHttpSink(const PostgresSinkConfig &config)
{
    const std::string body = "[]";
    std::vector<std::string> headers{"Content-Type: application/json",
                                     "Idempotency-Key: syncline-validate"};
    if (!config.http.secret.empty())
        headers.push_back("Syncline-Signature: " +
                          webhookSignature(config.http.secret, std::time(nullptr), body));
    for (const auto &[name, value] : config.http.headers)
        headers.push_back(name + ": " + value);
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
