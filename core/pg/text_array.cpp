#include "pg/text_array.h"

#include <cstring>

namespace syncline::pg {
namespace {

// The header of a one-dimensional array (array_send): dimensions, whether any element is
// NULL, the element type, then the dimension's length and lower bound.
constexpr std::size_t kHasNullAt = 4;
constexpr std::size_t kLengthAt = 12;
constexpr std::uint32_t kTextOid = 25;

} // namespace

void TextArrayBuilder::putInt32(std::uint32_t value, std::size_t at)
{
    const unsigned char bytes[4] = {
        static_cast<unsigned char>(value >> 24), static_cast<unsigned char>(value >> 16),
        static_cast<unsigned char>(value >> 8), static_cast<unsigned char>(value)};
    if (at == m_bytes.size())
        m_bytes.append(reinterpret_cast<const char *>(bytes), 4);
    else
        std::memcpy(m_bytes.data() + at, bytes, 4);
}

void TextArrayBuilder::clear()
{
    m_bytes.clear();
    m_count = 0;
    m_hasNull = false;
    putInt32(1, 0);        // dimensions
    putInt32(0, 4);        // has NULLs
    putInt32(kTextOid, 8); // element type
    putInt32(0, 12);       // length
    putInt32(1, 16);       // lower bound
}

void TextArrayBuilder::append(const std::string *valueOrNull)
{
    ++m_count;
    if (!valueOrNull) {
        m_hasNull = true;
        putInt32(0xffffffffu, m_bytes.size()); // -1: NULL
        return;
    }
    putInt32(std::uint32_t(valueOrNull->size()), m_bytes.size());
    m_bytes.append(*valueOrNull);
}

const std::string &TextArrayBuilder::finish()
{
    putInt32(m_hasNull ? 1 : 0, kHasNullAt);
    putInt32(m_count, kLengthAt);
    return m_bytes;
}

} // namespace syncline::pg
