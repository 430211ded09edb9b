#include "util/backoff.h"

#include <algorithm>

namespace syncline {

Backoff::Backoff(std::chrono::milliseconds initial, std::chrono::milliseconds maximum)
    : m_initial(initial), m_maximum(maximum), m_random(std::random_device{}())
{}

std::chrono::milliseconds Backoff::next()
{
    const int shift = std::min(m_attempt, 20);
    ++m_attempt;
    const long long initial = m_initial.count();
    const long long ceiling =
        std::max(initial, std::min<long long>(m_maximum.count(), initial << shift));
    std::uniform_int_distribution<long long> pick(initial, ceiling);
    return std::chrono::milliseconds(pick(m_random));
}

} // namespace syncline
