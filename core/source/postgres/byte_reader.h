#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace syncline {

// Thrown for a message that is truncated or does not follow the protocol.
class DecodeError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// Reads big-endian protocol fields from a buffer, checking every bound.
class ByteReader
{
public:
    explicit ByteReader(std::string_view data) : m_data(data) {}

    std::uint8_t u8() { return std::uint8_t(take(1)[0]); }
    std::uint16_t u16() { return std::uint16_t(readBigEndian(2)); }
    std::uint32_t u32() { return std::uint32_t(readBigEndian(4)); }
    std::uint64_t u64() { return readBigEndian(8); }
    std::int64_t i64() { return std::int64_t(readBigEndian(8)); }
    std::string_view bytes(std::size_t count) { return take(count); }
    // A NUL-terminated string.
    std::string_view cstring()
    {
        const auto end = m_data.find('\0', m_offset);
        if (end == std::string_view::npos)
            throw DecodeError("unterminated string at byte " + std::to_string(m_offset));
        const auto text = m_data.substr(m_offset, end - m_offset);
        m_offset = end + 1;
        return text;
    }

    std::size_t remaining() const { return m_data.size() - m_offset; }
    std::size_t offset() const { return m_offset; }

private:
    std::string_view take(std::size_t count)
    {
        if (count > remaining())
            throw DecodeError("message truncated: needed " + std::to_string(count) +
                              " bytes at byte " + std::to_string(m_offset) + ", " +
                              std::to_string(remaining()) + " left");
        const auto view = m_data.substr(m_offset, count);
        m_offset += count;
        return view;
    }
    std::uint64_t readBigEndian(std::size_t width)
    {
        std::uint64_t value = 0;
        for (char byte : take(width))
            value = (value << 8) | std::uint8_t(byte);
        return value;
    }

    std::string_view m_data;
    std::size_t m_offset = 0;
};

} // namespace syncline
