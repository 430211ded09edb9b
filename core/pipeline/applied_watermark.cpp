#include "pipeline/applied_watermark.h"

#include "util/log.h"

#include <fstream>
#include <system_error>

namespace syncline {

AppliedWatermark::AppliedWatermark(const std::filesystem::path &stateDir)
    : m_file(stateDir / "applied-watermark")
{}

std::optional<Lsn> AppliedWatermark::load() const
{
    std::ifstream in(m_file);
    std::string text;
    if (!(in >> text))
        return std::nullopt;
    return Lsn::parse(text);
}

void AppliedWatermark::note(Lsn applied)
{
    if (applied <= m_noted)
        return;
    m_noted = applied;
    if (std::chrono::steady_clock::now() - m_writtenAt >= std::chrono::seconds(1))
        flush();
}

void AppliedWatermark::flush()
{
    if (m_noted <= m_written)
        return;
    // Replaced whole (a rename), so that a crash never leaves half a position.
    const auto temporary = std::filesystem::path(m_file).concat(".new");
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << m_noted.toString() << '\n';
        if (!out.flush()) {
            log::debug("pipeline", "cannot write " + temporary.string());
            return;
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, m_file, error);
    if (error) {
        log::debug("pipeline", "cannot write " + m_file.string() + ": " + error.message());
        return;
    }
    m_written = m_noted;
    m_writtenAt = std::chrono::steady_clock::now();
}

void AppliedWatermark::forget()
{
    std::error_code ignored;
    std::filesystem::remove(m_file, ignored);
    m_noted = m_written = Lsn();
}

} // namespace syncline
