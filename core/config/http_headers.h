#pragma once

#include <string>
#include <string_view>

namespace syncline {

// The headers an http sink sets on every request itself (sink/http/webhook_signature.h).
inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr std::string_view kSignatureHeader = "Syncline-Signature";

// Why `name` cannot be a configured header of an http sink, empty when it can: not an RFC 9110
// token, or a header the sink sets itself or that frames the request or the connection
// (Content-Length, Host, ...), compared without regard to case.
std::string httpHeaderNameProblem(std::string_view name);

// Why `value` cannot be sent as a header value, empty when it can: a CR or LF (which would start
// a header line of its own), a NUL or another control character (a tab is fine). The reason
// never quotes the value, which may be a secret.
std::string httpHeaderValueProblem(std::string_view value);

// `name` for a message: control characters and bytes that are not ASCII written as \xNN.
std::string printableHeaderName(std::string_view name);

} // namespace syncline
