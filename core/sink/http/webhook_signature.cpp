#include "sink/http/webhook_signature.h"

#include "config/http_headers.h"
#include "config/pipeline_config.h"
#include "util/errors.h"
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
    // The pipeline file's loader refuses these already; settings made in code must not reach the
    // wire either.
    for (const auto &[name, value] : settings.headers) {
        if (const std::string problem = httpHeaderNameProblem(name); !problem.empty())
            throw PermanentError("http sink: " + problem);
        if (const std::string problem = httpHeaderValueProblem(value); !problem.empty())
            throw PermanentError("http sink: the value of header '" + name + "' " + problem);
    }
    if (const std::string problem = httpHeaderValueProblem(idempotencyKey); !problem.empty())
        throw PermanentError("http sink: the idempotency key " + problem);
    std::vector<std::string> headers{"Content-Type: application/json",
                                     std::string(kIdempotencyKeyHeader) + ": " + idempotencyKey};
    if (!settings.secret.empty())
        headers.push_back(std::string(kSignatureHeader) + ": " +
                          webhookSignature(settings.secret, std::time(nullptr), body));
    for (const auto &[name, value] : settings.headers)
        headers.push_back(name + ": " + value);
    return headers;
}

} // namespace syncline::http
