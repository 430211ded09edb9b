#include "transform/ff1.h"

#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace syncline::transform {

namespace {

constexpr std::size_t blockSize = 16;
constexpr int roundCount = 10;
using Block = std::array<std::uint8_t, blockSize>;

[[noreturn]] void throwOpenSsl(const char *call)
{
    std::array<char, 256> reason{};
    ERR_error_string_n(ERR_get_error(), reason.data(), reason.size());
    throw std::runtime_error(std::string("FF1: ") + call + " failed: " + reason.data());
}

struct BignumFree
{
    void operator()(BIGNUM *number) const { BN_clear_free(number); }
};
struct BignumContextFree
{
    void operator()(BN_CTX *context) const { BN_CTX_free(context); }
};
using Bignum = std::unique_ptr<BIGNUM, BignumFree>;

Bignum newBignum()
{
    Bignum number(BN_new());
    if (!number)
        throwOpenSsl("BN_new");
    return number;
}

Bignum bignumOf(std::uint64_t value)
{
    Bignum number = newBignum();
    if (BN_set_word(number.get(), value) != 1)
        throwOpenSsl("BN_set_word");
    return number;
}

// NUM_radix(X[begin, end)): the numerals read as a number, most significant first.
Bignum numRadix(const std::vector<std::uint32_t> &numerals, std::size_t begin, std::size_t end,
                std::uint32_t radix)
{
    Bignum number = bignumOf(0);
    for (std::size_t i = begin; i < end; ++i) {
        if (BN_mul_word(number.get(), radix) != 1 || BN_add_word(number.get(), numerals[i]) != 1)
            throwOpenSsl("BN_mul_word");
    }
    return number;
}

// STR^m_radix(x) written to out[begin, begin + m); consumes x.
void strRadix(BIGNUM *x, std::uint32_t radix, std::vector<std::uint32_t> &out, std::size_t begin,
              std::size_t m)
{
    for (std::size_t i = m; i > 0; --i) {
        const BN_ULONG digit = BN_div_word(x, radix);
        if (digit == static_cast<BN_ULONG>(-1))
            throwOpenSsl("BN_div_word");
        out[begin + i - 1] = static_cast<std::uint32_t>(digit);
    }
}

// Unsigned 128-bit arithmetic (a GCC and Clang extension), for y = NUM(S) of at most 12 bytes.
__extension__ using Wide = unsigned __int128;

// radix^exponent into `out`; false when it does not fit in 64 bits.
bool wordPower(std::uint32_t radix, std::size_t exponent, std::uint64_t &out)
{
    std::uint64_t value = 1;
    for (std::size_t i = 0; i < exponent; ++i) {
        if (value > std::numeric_limits<std::uint64_t>::max() / radix)
            return false;
        value *= radix;
    }
    out = value;
    return true;
}

// numRadix() and strRadix() below for a number below 2^64.
std::uint64_t wordNumRadix(const std::vector<std::uint32_t> &numerals, std::size_t begin,
                           std::size_t end, std::uint32_t radix)
{
    std::uint64_t number = 0;
    for (std::size_t i = begin; i < end; ++i)
        number = number * radix + numerals[i];
    return number;
}

void wordStrRadix(std::uint64_t x, std::uint32_t radix, std::vector<std::uint32_t> &out,
                  std::size_t begin, std::size_t m)
{
    for (std::size_t i = m; i > 0; --i) {
        out[begin + i - 1] = static_cast<std::uint32_t>(x % radix);
        x /= radix;
    }
}

// radix^exponent
Bignum power(std::uint32_t radix, std::size_t exponent, BN_CTX *context)
{
    Bignum result = newBignum();
    if (BN_exp(result.get(), bignumOf(radix).get(), bignumOf(exponent).get(), context) != 1)
        throwOpenSsl("BN_exp");
    return result;
}

// CIPH_K on a private copy of the keyed AES-ECB context, so that concurrent calls do not share
// cipher state.
class BlockCipher
{
public:
    explicit BlockCipher(const EVP_CIPHER_CTX *keyed) : m_context(EVP_CIPHER_CTX_new())
    {
        if (!m_context || EVP_CIPHER_CTX_copy(m_context.get(), keyed) != 1)
            throwOpenSsl("EVP_CIPHER_CTX_copy");
    }

    Block encrypt(const Block &in)
    {
        Block out;
        int written = 0;
        if (EVP_EncryptUpdate(m_context.get(), out.data(), &written, in.data(),
                              static_cast<int>(blockSize)) != 1 ||
            written != static_cast<int>(blockSize))
            throwOpenSsl("EVP_EncryptUpdate");
        return out;
    }

    // CBC-MAC with AES, continued from `state` over `size` bytes (a multiple of the block size).
    // From a zero state this is PRF(X) of the standard: CBC encryption with a zero IV, last block.
    void mac(Block &state, const std::uint8_t *data, std::size_t size)
    {
        for (std::size_t offset = 0; offset < size; offset += blockSize) {
            for (std::size_t k = 0; k < blockSize; ++k)
                state[k] ^= data[offset + k];
            state = encrypt(state);
        }
    }

private:
    struct Free
    {
        void operator()(EVP_CIPHER_CTX *context) const { EVP_CIPHER_CTX_free(context); }
    };
    std::unique_ptr<EVP_CIPHER_CTX, Free> m_context;
};

// Buffers that hold values derived from the plaintext, wiped when the call ends.
struct Scratch
{
    std::vector<std::uint8_t> q;
    std::vector<std::uint8_t> s;
    ~Scratch()
    {
        OPENSSL_cleanse(q.data(), q.size());
        OPENSSL_cleanse(s.data(), s.size());
    }
};

} // namespace

void Ff1::CipherContextFree::operator()(evp_cipher_ctx_st *context) const
{
    EVP_CIPHER_CTX_free(context);
}

Ff1::Ff1(std::span<const std::uint8_t> key, std::uint32_t radix)
    : m_radix(radix), m_minLength(minLengthFor(radix))
{
    const EVP_CIPHER *cipher = nullptr;
    switch (key.size()) {
    case 16:
        cipher = EVP_aes_128_ecb();
        break;
    case 24:
        cipher = EVP_aes_192_ecb();
        break;
    case 32:
        cipher = EVP_aes_256_ecb();
        break;
    default:
        throw std::invalid_argument("FF1: an AES key is 16, 24 or 32 bytes, not " +
                                    std::to_string(key.size()));
    }
    m_context.reset(EVP_CIPHER_CTX_new());
    if (!m_context)
        throwOpenSsl("EVP_CIPHER_CTX_new");
    if (EVP_EncryptInit_ex(m_context.get(), cipher, nullptr, key.data(), nullptr) != 1)
        throwOpenSsl("EVP_EncryptInit_ex");
    EVP_CIPHER_CTX_set_padding(m_context.get(), 0);
}

Ff1::~Ff1() = default;
Ff1::Ff1(Ff1 &&other) noexcept = default;
Ff1 &Ff1::operator=(Ff1 &&other) noexcept = default;

std::size_t Ff1::minLengthFor(std::uint32_t radix)
{
    if (radix < minRadix || radix > maxRadix)
        throw std::invalid_argument("FF1: the radix must be between 2 and 65536, not " +
                                    std::to_string(radix));
    std::size_t length = 1;
    for (std::uint64_t size = radix; size < minDomainSize; size *= radix)
        ++length;
    return length;
}

std::vector<std::uint32_t> Ff1::encrypt(const std::vector<std::uint32_t> &numerals,
                                        std::string_view tweak) const
{
    return crypt(numerals, tweak, Direction::Encrypt);
}

std::vector<std::uint32_t> Ff1::decrypt(const std::vector<std::uint32_t> &numerals,
                                        std::string_view tweak) const
{
    return crypt(numerals, tweak, Direction::Decrypt);
}

// Algorithm 7 (FF1.Encrypt) and Algorithm 8 (FF1.Decrypt) of SP 800-38G. A and B are kept as the
// numbers NUM_radix(A) and NUM_radix(B) between rounds: STR^m_radix(c) read back is c itself.
std::vector<std::uint32_t> Ff1::crypt(const std::vector<std::uint32_t> &numerals,
                                      std::string_view tweak, Direction direction) const
{
    if (!m_context)
        throw std::logic_error("FF1: the cipher was moved from");
    const std::size_t n = numerals.size();
    if (n < m_minLength)
        throw std::invalid_argument("FF1: the input has " + std::to_string(n) +
                                    " numerals; the minimum length for radix " +
                                    std::to_string(m_radix) + " is " + std::to_string(m_minLength) +
                                    " (radix^length must be at least 1,000,000)");
    if (n > maxLength)
        throw std::invalid_argument("FF1: the input has " + std::to_string(n) +
                                    " numerals; the maximum length is 2^32 - 1");
    if (tweak.size() > maxTweakLength)
        throw std::invalid_argument("FF1: the tweak is longer than 2^32 - 1 bytes");
    for (std::size_t i = 0; i < n; ++i) {
        if (numerals[i] >= m_radix)
            throw std::invalid_argument("FF1: numeral " + std::to_string(i) + " is " +
                                        std::to_string(numerals[i]) + ", not below the radix " +
                                        std::to_string(m_radix));
    }

    BlockCipher cipher(m_context.get());

    // Steps 1-4: the halves, b = ceil(ceil(v * log2(radix)) / 8) and d = 4 ceil(b / 4) + 4.
    // ceil(v * log2(radix)) is the bit length of radix^v - 1, computed exactly. When radix^v fits
    // in 64 bits (short values: up to 20 numerals of radix 10, 22 of radix 62), the halves and
    // the arithmetic of the rounds fit in machine integers; otherwise they are BIGNUMs.
    const std::size_t u = n / 2;
    const std::size_t v = n - u;
    std::uint64_t wordModulusU = 0;
    std::uint64_t wordModulusV = 0;
    const bool inWords = wordPower(m_radix, u, wordModulusU) && wordPower(m_radix, v, wordModulusV);
    std::unique_ptr<BN_CTX, BignumContextFree> bnContext;
    Bignum modulusU, modulusV;
    std::size_t largestVBits = 0;
    if (inWords) {
        largestVBits = static_cast<std::size_t>(std::bit_width(wordModulusV - 1));
    } else {
        bnContext.reset(BN_CTX_new());
        if (!bnContext)
            throwOpenSsl("BN_CTX_new");
        modulusU = power(m_radix, u, bnContext.get());
        modulusV = power(m_radix, v, bnContext.get());
        const Bignum largestV = newBignum();
        if (!BN_copy(largestV.get(), modulusV.get()) || BN_sub_word(largestV.get(), 1) != 1)
            throwOpenSsl("BN_sub_word");
        largestVBits = static_cast<std::size_t>(BN_num_bits(largestV.get()));
    }
    const std::size_t b = (largestVBits + 7) / 8;
    const std::size_t d = 4 * ((b + 3) / 4) + 4;
    const std::size_t t = tweak.size();

    // Step 5: P = [1]^1 || [2]^1 || [1]^1 || [radix]^3 || [10]^1 || [u mod 256]^1 || [n]^4 || [t]^4
    const Block p = {1,
                     2,
                     1,
                     static_cast<std::uint8_t>(m_radix >> 16),
                     static_cast<std::uint8_t>(m_radix >> 8),
                     static_cast<std::uint8_t>(m_radix),
                     10,
                     static_cast<std::uint8_t>(u),
                     static_cast<std::uint8_t>(n >> 24),
                     static_cast<std::uint8_t>(n >> 16),
                     static_cast<std::uint8_t>(n >> 8),
                     static_cast<std::uint8_t>(n),
                     static_cast<std::uint8_t>(t >> 24),
                     static_cast<std::uint8_t>(t >> 16),
                     static_cast<std::uint8_t>(t >> 8),
                     static_cast<std::uint8_t>(t)};

    // Q = T || [0]^((-t-b-1) mod 16) || [i]^1 || [NUM_radix(B or A)]^b; everything before [i] is
    // the same in every round, so the MAC over P and the whole blocks of that prefix is done once.
    const std::size_t padding = (blockSize - (t + b + 1) % blockSize) % blockSize;
    const std::size_t roundOffset = t + padding;
    Scratch scratch;
    scratch.q.assign(roundOffset + 1 + b, 0);
    std::copy(tweak.begin(), tweak.end(), scratch.q.begin());
    const std::size_t prefixSize = roundOffset / blockSize * blockSize;
    Block prefixState{};
    cipher.mac(prefixState, p.data(), p.size());
    cipher.mac(prefixState, scratch.q.data(), prefixSize);

    const std::size_t sBlocks = (d + blockSize - 1) / blockSize;
    scratch.s.resize(sBlocks * blockSize);

    // Steps 6.ii-iv, once [i] and the b bytes of NUM_radix(B or A) are in Q: R = PRF(P || Q);
    // S = the first d bytes of R || CIPH(R xor [1]^16) || ... || CIPH(R xor [ceil(d/16) - 1]^16),
    // in scratch.s.
    auto roundBytes = [&] {
        Block r = prefixState;
        cipher.mac(r, scratch.q.data() + prefixSize, scratch.q.size() - prefixSize);
        std::copy(r.begin(), r.end(), scratch.s.begin());
        for (std::size_t j = 1; j < sBlocks; ++j) {
            Block counter = r;
            for (std::size_t k = 0; k < sizeof(j); ++k)
                counter[blockSize - 1 - k] ^= static_cast<std::uint8_t>(j >> (8 * k));
            const Block encrypted = cipher.encrypt(counter);
            std::copy(encrypted.begin(), encrypted.end(), scratch.s.begin() + j * blockSize);
        }
    };

    std::vector<std::uint32_t> result(n);
    if (inWords) {
        // b <= 8, so d <= 12: y = NUM(S) fits in 128 bits.
        std::uint64_t a = wordNumRadix(numerals, 0, u, m_radix);
        std::uint64_t bHalf = wordNumRadix(numerals, u, n, m_radix);
        for (int step = 0; step < roundCount; ++step) {
            const int i = direction == Direction::Encrypt ? step : roundCount - 1 - step;
            const std::uint64_t fed = direction == Direction::Encrypt ? bHalf : a;
            scratch.q[roundOffset] = static_cast<std::uint8_t>(i);
            for (std::size_t k = 0; k < b; ++k)
                scratch.q[roundOffset + b - k] = static_cast<std::uint8_t>(fed >> (8 * k));
            roundBytes();
            Wide y = 0;
            for (std::size_t k = 0; k < d; ++k)
                y = (y << 8) | scratch.s[k];
            // Steps 6.v-ix as below; A, B and y mod radix^m are all below radix^m.
            const std::uint64_t modulus = i % 2 == 0 ? wordModulusU : wordModulusV;
            const auto reduced = static_cast<std::uint64_t>(y % modulus);
            if (direction == Direction::Encrypt) {
                const auto c = static_cast<std::uint64_t>((Wide(a) + reduced) % modulus);
                a = bHalf;
                bHalf = c;
            } else {
                const std::uint64_t c =
                    bHalf >= reduced ? bHalf - reduced : bHalf + (modulus - reduced);
                bHalf = a;
                a = c;
            }
        }
        wordStrRadix(a, m_radix, result, 0, u);
        wordStrRadix(bHalf, m_radix, result, u, v);
        return result;
    }

    BN_CTX *context = bnContext.get();
    Bignum a = numRadix(numerals, 0, u, m_radix);
    Bignum bHalf = numRadix(numerals, u, n, m_radix);
    Bignum c = newBignum();
    const Bignum y = newBignum();

    for (int step = 0; step < roundCount; ++step) {
        const int i = direction == Direction::Encrypt ? step : roundCount - 1 - step;
        // Step 6.i: Q uses B when encrypting, A when decrypting.
        const BIGNUM *fed = direction == Direction::Encrypt ? bHalf.get() : a.get();
        scratch.q[roundOffset] = static_cast<std::uint8_t>(i);
        if (BN_bn2binpad(fed, scratch.q.data() + roundOffset + 1, static_cast<int>(b)) < 0)
            throwOpenSsl("BN_bn2binpad");
        roundBytes();
        if (!BN_bin2bn(scratch.s.data(), static_cast<int>(d), y.get()))
            throwOpenSsl("BN_bin2bn");

        // Steps 6.v-ix: m = u in even rounds, v in odd ones; c = NUM_radix(A) + y mod radix^m,
        // A = B, B = C (decrypting: c = NUM_radix(B) - y mod radix^m, B = A, A = C).
        const BIGNUM *modulus = i % 2 == 0 ? modulusU.get() : modulusV.get();
        if (direction == Direction::Encrypt) {
            if (BN_mod_add(c.get(), a.get(), y.get(), modulus, context) != 1)
                throwOpenSsl("BN_mod_add");
            std::swap(a, bHalf);
            std::swap(bHalf, c);
        } else {
            if (BN_mod_sub(c.get(), bHalf.get(), y.get(), modulus, context) != 1)
                throwOpenSsl("BN_mod_sub");
            std::swap(bHalf, a);
            std::swap(a, c);
        }
    }

    // Step 7: A || B.
    strRadix(a.get(), m_radix, result, 0, u);
    strRadix(bHalf.get(), m_radix, result, u, v);
    return result;
}

} // namespace syncline::transform
