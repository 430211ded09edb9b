#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace syncline {
struct HttpSinkSettings;
}

namespace syncline::http {

// The Syncline-Signature header's value, as Stripe signs webhooks:
// "t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" under the secret>". A receiver
// recomputes v1 from the raw body and the t it was sent, compares in constant time, and
// refuses a t too far from its clock (replays).
std::string webhookSignature(std::string_view secret, std::int64_t unixSeconds,
                             std::string_view body);

// The headers of every request an http sink sends, as "Name: value" lines: the JSON content
// type, Idempotency-Key, Syncline-Signature (when a secret is set; signed now) and the
// configured headers. Throws PermanentError for a configured header that could break the request
// (config/http_headers.h), so that one never reaches the wire.
std::vector<std::string> webhookHeaders(const HttpSinkSettings &settings,
                                        const std::string &idempotencyKey, std::string_view body);

} // namespace syncline::http
