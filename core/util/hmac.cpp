#include "util/hmac.h"

#include "util/errors.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace syncline {

std::string hmacSha256(std::string_view key, std::string_view data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.data(), int(key.size()),
              reinterpret_cast<const unsigned char *>(data.data()), data.size(), digest, &length))
        throw PermanentError("HMAC-SHA-256 failed (OpenSSL)");
    return std::string(reinterpret_cast<const char *>(digest), length);
}

std::string hexDigits(std::string_view bytes)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes) {
        out += kDigits[byte >> 4];
        out += kDigits[byte & 15];
    }
    return out;
}

} // namespace syncline
