#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace syncline {

// A failure that goes away by itself (a broker down, a partition leader moving): the pipeline
// supervisor retries the session with backoff, as for a lost database connection.
class TransientError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A change the target rejected that is tried again by the next session, or dead-lettered once
// it has no retries left. The target is fine, so the supervisor retries at once, without the
// growing backoff of an outage.
class RejectedChangeError : public TransientError
{
public:
    using TransientError::TransientError;
};

// Not a failure: the session ends so that the next one starts with what changed (a new table
// that matches the pipeline's patterns). The supervisor starts it at once.
class RestartSession : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A transaction applied while still in progress on the source (streamed) met what that apply
// cannot do: a rolled-back subtransaction, a schema change, a change the target rejects. The
// session restarts at once without streaming until that transaction has arrived whole, at its
// commit, where the usual apply (and its isolation of a rejected change) takes it.
class StreamingRefused : public RestartSession
{
public:
    StreamingRefused(std::uint32_t xid, const std::string &why)
        : RestartSession("transaction " + std::to_string(xid) +
                         " cannot be applied while in progress (" + why +
                         "); the session restarts to apply it at its commit"),
          m_xid(xid)
    {}
    std::uint32_t xid() const { return m_xid; }

private:
    std::uint32_t m_xid;
};

// A failure that retrying cannot fix (a bad librdkafka property, a message that is not a
// change event): the pipeline stops and says why.
class PermanentError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace syncline
