#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

struct evp_cipher_ctx_st;

namespace syncline::transform {

// Format-preserving encryption FF1 of NIST SP 800-38G (Algorithms 7 and 8) with AES, as the
// `tokenize` mask uses it: a string of numerals in a radix encrypts to a string of the same length
// in the same radix, so a masked card number still looks like one, and equal inputs under the same
// key and tweak give equal tokens (joins keep working).
//
// The AES primitive is OpenSSL's (EVP, AES-ECB with the key schedule computed once); the arithmetic
// on NUM_radix values is OpenSSL BIGNUM. The domain follows SP 800-38G Rev. 1: radix 2..65536, an
// input at least minLength() numerals long (the smallest length whose radix^length is at least
// 1,000,000) and at most maxLength numerals, each numeral below the radix. Violations throw
// std::invalid_argument; a failure inside OpenSSL throws std::runtime_error.
//
// encrypt() and decrypt() are const and may run on one instance from several threads at once:
// each call works on its own copy of the cipher context. The key itself is not kept.
class Ff1
{
public:
    static constexpr std::uint32_t minRadix = 2;
    static constexpr std::uint32_t maxRadix = 65536;
    // SP 800-38G allows maxlen up to 2^32; FF1 encodes n in four bytes of P, so 2^32 - 1 is the
    // largest length it can express.
    static constexpr std::uint64_t maxLength = 0xFFFFFFFFu;
    // The tweak's length t is likewise encoded in four bytes.
    static constexpr std::uint64_t maxTweakLength = 0xFFFFFFFFu;
    // The domain size every input must reach: radix^length >= 1,000,000.
    static constexpr std::uint64_t minDomainSize = 1000000;

    // key: 16, 24 or 32 bytes (AES-128, -192, -256).
    Ff1(std::span<const std::uint8_t> key, std::uint32_t radix);
    ~Ff1();
    Ff1(Ff1 &&other) noexcept;
    Ff1 &operator=(Ff1 &&other) noexcept;
    Ff1(const Ff1 &) = delete;
    Ff1 &operator=(const Ff1 &) = delete;

    std::uint32_t radix() const { return m_radix; }
    // The shortest input this radix accepts.
    std::size_t minLength() const { return m_minLength; }

    // tweak: any bytes (T in the standard), up to maxTweakLength.
    std::vector<std::uint32_t> encrypt(const std::vector<std::uint32_t> &numerals,
                                       std::string_view tweak) const;
    std::vector<std::uint32_t> decrypt(const std::vector<std::uint32_t> &numerals,
                                       std::string_view tweak) const;

    // The smallest length whose radix^length reaches minDomainSize; radix must be in range.
    static std::size_t minLengthFor(std::uint32_t radix);

private:
    enum class Direction
    {
        Encrypt,
        Decrypt
    };
    std::vector<std::uint32_t> crypt(const std::vector<std::uint32_t> &numerals,
                                     std::string_view tweak, Direction direction) const;

    struct CipherContextFree
    {
        void operator()(evp_cipher_ctx_st *context) const;
    };
    std::unique_ptr<evp_cipher_ctx_st, CipherContextFree> m_context;
    std::uint32_t m_radix = 0;
    std::size_t m_minLength = 0;
};

} // namespace syncline::transform
