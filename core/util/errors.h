#pragma once

#include <stdexcept>

namespace syncline {

// A failure that goes away by itself (a broker down, a partition leader moving): the pipeline
// supervisor retries the session with backoff, as for a lost database connection.
class TransientError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// A failure that retrying cannot fix (a bad librdkafka property, a message that is not a
// change event): the pipeline stops and says why.
class PermanentError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

} // namespace syncline
