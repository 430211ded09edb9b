#include "sink/http/webhook_signature.h"

#include "util/hmac.h"

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

} // namespace syncline::http
