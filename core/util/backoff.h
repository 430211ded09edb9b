#pragma once

#include <chrono>
#include <random>

namespace syncline {

// Exponential backoff with full jitter: each delay is drawn from [initial, min(max, initial*2^n)].
class Backoff
{
public:
    Backoff(std::chrono::milliseconds initial = std::chrono::milliseconds(500),
            std::chrono::milliseconds maximum = std::chrono::seconds(30));

    std::chrono::milliseconds next();
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    std::chrono::milliseconds m_initial;
    std::chrono::milliseconds m_maximum;
    int m_attempt = 0;
    std::minstd_rand m_random;
};

} // namespace syncline
