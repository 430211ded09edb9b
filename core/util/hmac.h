#pragma once

#include <string>
#include <string_view>

namespace syncline {

// HMAC-SHA-256 of `data` under `key` (OpenSSL), the 32 raw bytes.
std::string hmacSha256(std::string_view key, std::string_view data);
// Bytes as lowercase hexadecimal digits.
std::string hexDigits(std::string_view bytes);

} // namespace syncline
