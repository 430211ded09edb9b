#pragma once

#include <stdexcept>

namespace syncline::verify {

// Verify cannot go on: a table it cannot compare, a sink that does not catch up. The message
// says what to do.
class VerifyError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The sink cannot be read as of a source point: the pipeline is not running, or the sink does not
// catch up in time. Every table of the sink would wait for it alike.
class CatchUpError : public VerifyError
{
public:
    using VerifyError::VerifyError;
};

} // namespace syncline::verify
