#pragma once

#include "transform/ff1.h"

#include <string>
#include <string_view>

namespace syncline::transform {

// The "tokenize" mask: FF1 under the step's key, with no tweak, so that one value gives one
// token in every column and every pipeline that share the key (joins still match). A value
// whose letters and digits are all digits is enciphered over the digits (radix 10: digits stay
// digits, "4111-1111-1111-1111" stays shaped so); any other over the 62 letters and digits.
// A value too short for FF1's domain (fewer than 6 digits, or 4 letters and digits) gets keyed
// pseudo-random characters of the same kinds instead, which cannot be deciphered.
//
// The AES key: `key` itself when it is 32, 48 or 64 hexadecimal digits (AES-128, -192, -256);
// otherwise HMAC-SHA-256(key, "syncline tokenize"), an AES-256 key.
class Tokenizer
{
public:
    explicit Tokenizer(const std::string &key);

    std::string tokenize(std::string_view text) const;
    std::string detokenize(std::string_view token) const; // for tests and key holders

private:
    Tokenizer(std::string macKey, const std::vector<std::uint8_t> &aes);
    std::string shortValue(std::string_view text) const;

    std::string m_macKey; // for short values
    Ff1 m_digits;
    Ff1 m_alphanumerics;
};

} // namespace syncline::transform
