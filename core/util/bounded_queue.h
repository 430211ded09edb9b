#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace syncline {

// A blocking queue with a fixed capacity in items and, optionally, in bytes (the direct
// transport's, and the snapshot reader's between its two threads), so a slow consumer pushes back
// on the producer instead of letting memory grow. An item larger than the byte budget still passes,
// alone. close() wakes everyone; pop() then drains.
template <typename T> class BoundedQueue
{
public:
    explicit BoundedQueue(std::size_t capacity, std::size_t byteBudget = SIZE_MAX)
        : m_capacity(capacity ? capacity : 1), m_byteBudget(byteBudget)
    {}

    // False when the queue was closed, or still full after the timeout; the item is moved from
    // only when this returns true, so the caller can offer it again.
    bool push(T &&item, std::chrono::milliseconds timeout, std::size_t bytes = 0)
    {
        std::unique_lock lock(m_mutex);
        const auto fits = [&] {
            return m_items.empty() ||
                   (m_items.size() < m_capacity && m_bytes + bytes <= m_byteBudget);
        };
        if (!m_notFull.wait_for(lock, timeout, [&] { return m_closed || fits(); }))
            return false;
        if (m_closed)
            return false;
        m_items.push_back({std::move(item), bytes});
        m_bytes += bytes;
        m_notEmpty.notify_one();
        return true;
    }
    bool push(const T &item, std::chrono::milliseconds timeout, std::size_t bytes = 0)
    {
        T copy = item;
        return push(std::move(copy), timeout, bytes);
    }

    // nullopt on timeout, or when closed and drained.
    std::optional<T> pop(std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        if (!m_notEmpty.wait_for(lock, timeout, [&] { return m_closed || !m_items.empty(); }))
            return std::nullopt;
        if (m_items.empty())
            return std::nullopt;
        auto [item, bytes] = std::move(m_items.front());
        m_items.pop_front();
        m_bytes -= bytes;
        m_notFull.notify_all();
        return std::move(item);
    }

    void close()
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

    bool isClosed() const
    {
        std::lock_guard lock(m_mutex);
        return m_closed;
    }
    bool empty() const
    {
        std::lock_guard lock(m_mutex);
        return m_items.empty();
    }
    std::size_t size() const
    {
        std::lock_guard lock(m_mutex);
        return m_items.size();
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_notEmpty;
    std::condition_variable m_notFull;
    std::deque<std::pair<T, std::size_t>> m_items;
    std::size_t m_capacity;
    std::size_t m_byteBudget;
    std::size_t m_bytes = 0;
    bool m_closed = false;
};

} // namespace syncline
