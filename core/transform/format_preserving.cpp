#include "transform/format_preserving.h"

#include "transform/ff1.h"

#include <array>
#include <stdexcept>
#include <vector>

namespace syncline::transform {

namespace {

constexpr std::string_view alphabet62 =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

enum class Direction
{
    Tokenize,
    Detokenize
};

std::string translate(const Ff1 &cipher, std::string_view text, std::string_view tweak,
                      Direction direction)
{
    const std::string_view alphabet = tokenAlphabet(cipher.radix());
    std::array<int, 256> numeralOf;
    numeralOf.fill(-1);
    for (std::size_t k = 0; k < alphabet.size(); ++k)
        numeralOf[static_cast<unsigned char>(alphabet[k])] = static_cast<int>(k);

    std::vector<std::size_t> positions;
    std::vector<std::uint32_t> numerals;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int numeral = numeralOf[static_cast<unsigned char>(text[i])];
        if (numeral >= 0) {
            positions.push_back(i);
            numerals.push_back(static_cast<std::uint32_t>(numeral));
        }
    }
    if (numerals.size() < cipher.minLength())
        throw std::invalid_argument("tokenize: the value has " + std::to_string(numerals.size()) +
                                    " characters of the radix-" + std::to_string(cipher.radix()) +
                                    " alphabet; the minimum length for radix " +
                                    std::to_string(cipher.radix()) + " is " +
                                    std::to_string(cipher.minLength()));

    const std::vector<std::uint32_t> out = direction == Direction::Tokenize
                                               ? cipher.encrypt(numerals, tweak)
                                               : cipher.decrypt(numerals, tweak);
    std::string result(text);
    for (std::size_t k = 0; k < positions.size(); ++k)
        result[positions[k]] = alphabet[out[k]];
    return result;
}

} // namespace

std::string_view tokenAlphabet(std::uint32_t radix)
{
    if (radix != 10 && radix != 36 && radix != 62)
        throw std::invalid_argument("tokenize: no text alphabet for radix " +
                                    std::to_string(radix) + " (10, 36 and 62 have one)");
    return alphabet62.substr(0, radix);
}

std::string tokenizeDigits(const Ff1 &cipher, std::string_view text, std::string_view tweak)
{
    return translate(cipher, text, tweak, Direction::Tokenize);
}

std::string detokenizeDigits(const Ff1 &cipher, std::string_view text, std::string_view tweak)
{
    return translate(cipher, text, tweak, Direction::Detokenize);
}

} // namespace syncline::transform
