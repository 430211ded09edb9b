#include "sink/http/webhook_signature.h"

#include "config/pipeline_config.h"
#include "util/hmac.h"

#include <ctime>

namespace syncline::http {

std::string webhookSignature(std::string_view secret, std::int64_t unixSeconds,
                             std::string_view body)
{
    const std::string timestamp = std::to_string(unixSeconds);
    std::string signedText;
    signedText.reserve(timestamp.size() + 1 + body.size());
    signedText.append(timestamp).append(1, '.').append(body);
    return "t=" + timestamp + ",v1=" + hexDigits(hmacSha256(secret, signedText));
}

std::vector<std::string> webhookHeaders(const HttpSinkSettings &settings,
                                        const std::string &idempotencyKey, std::string_view body)
{
    std::vector<std::string> headers{"Content-Type: application/json",
                                     "Idempotency-Key: " + idempotencyKey};
    if (!settings.secret.empty())
        headers.push_back("Syncline-Signature: " +
                          webhookSignature(settings.secret, std::time(nullptr), body));
    for (const auto &[name, value] : settings.headers)
        headers.push_back(name + ": " + value);
    return headers;
}

} // namespace syncline::http
