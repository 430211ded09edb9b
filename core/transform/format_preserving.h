#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace syncline::transform {

class Ff1;

// Text-level tokenization over FF1: the characters of the cipher's alphabet are encrypted as one
// string of numerals, every other byte (spaces, dashes, dots, UTF-8 sequences) stays where it was,
// so "4111-1111-1111-1111" becomes another "dddd-dddd-dddd-dddd". Deterministic: the same key,
// tweak and text give the same token, so joins on a tokenized column still match. Use the column
// (or another stable name) as the tweak so that equal values in different columns differ.
//
// The alphabet follows the cipher's radix; numeral k is the k-th character:
//   10  0-9
//   36  0-9 a-z        (uppercase letters are outside it and stay as they are)
//   62  0-9 a-z A-Z
// Choice: a character's class is not kept under radix 36 or 62 (a digit may become a letter and
// back): that is what keeps the domain one radix wide, as FF1 needs. Radix 10 keeps digits digits.
// A card number's Luhn check digit is not kept either.
//
// Throws std::invalid_argument when the radix has no alphabet here or when the text has fewer
// alphabet characters than Ff1::minLength() (6 digits for radix 10, 4 for radix 36 and 62): such
// a value cannot be tokenized safely, and the caller must not pass it through unmasked.

// The alphabet of a radix (10, 36 or 62); throws std::invalid_argument for any other.
std::string_view tokenAlphabet(std::uint32_t radix);

std::string tokenizeDigits(const Ff1 &cipher, std::string_view text, std::string_view tweak);
// The inverse, for tests and for operators who hold the key.
std::string detokenizeDigits(const Ff1 &cipher, std::string_view text, std::string_view tweak);

} // namespace syncline::transform
