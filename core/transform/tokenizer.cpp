#include "transform/tokenizer.h"

#include "transform/column_mask.h"
#include "transform/format_preserving.h"

#include <cctype>
#include <vector>

namespace syncline::transform {
namespace {

std::vector<std::uint8_t> aesKey(const std::string &key)
{
    const bool hexKey = (key.size() == 32 || key.size() == 48 || key.size() == 64) &&
                        key.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    std::vector<std::uint8_t> bytes;
    if (hexKey) {
        for (std::size_t i = 0; i < key.size(); i += 2)
            bytes.push_back(std::uint8_t(std::stoi(key.substr(i, 2), nullptr, 16)));
        return bytes;
    }
    const std::string derived = hmacSha256(key, "syncline tokenize");
    return std::vector<std::uint8_t>(derived.begin(), derived.end());
}

bool allDigits(std::string_view text)
{
    for (unsigned char c : text)
        if (std::isalpha(c))
            return false;
    return true;
}

std::size_t alphabetCount(std::string_view text, std::string_view alphabet)
{
    std::size_t count = 0;
    for (char c : text)
        count += alphabet.find(c) != std::string_view::npos ? 1 : 0;
    return count;
}

} // namespace

Tokenizer::Tokenizer(const std::string &key)
    : Tokenizer(hmacSha256(key, "syncline tokenize short values"), aesKey(key))
{}

Tokenizer::Tokenizer(std::string macKey, const std::vector<std::uint8_t> &aes)
    : m_macKey(std::move(macKey)), m_digits(aes, 10), m_alphanumerics(aes, 62)
{}

std::string Tokenizer::tokenize(std::string_view text) const
{
    const Ff1 &cipher = allDigits(text) ? m_digits : m_alphanumerics;
    if (alphabetCount(text, tokenAlphabet(cipher.radix())) < cipher.minLength())
        return shortValue(text);
    return tokenizeDigits(cipher, text, {});
}

std::string Tokenizer::detokenize(std::string_view token) const
{
    return detokenizeDigits(allDigits(token) ? m_digits : m_alphanumerics, token, {});
}

std::string Tokenizer::shortValue(std::string_view text) const
{
    const std::string stream = hmacSha256(m_macKey, text);
    std::string out(text);
    std::size_t next = 0;
    for (char &c : out) {
        const auto byte = (unsigned char)stream[next++ % stream.size()];
        if (std::isdigit((unsigned char)c))
            c = char('0' + byte % 10);
        else if (std::islower((unsigned char)c))
            c = char('a' + byte % 26);
        else if (std::isupper((unsigned char)c))
            c = char('A' + byte % 26);
    }
    return out;
}

} // namespace syncline::transform
