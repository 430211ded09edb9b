#pragma once

#include "transport/kafka/browse_types.h"

#include <string>

namespace syncline::kafka {

// What the browser keeps of the messages it scans. Empty parts match everything; all given
// parts must match. Comparisons are byte-wise and case-sensitive.
struct MessageFilter
{
    std::string keyContains;
    std::string valueContains;
    std::string headerName;  // a header with this name must be present ...
    std::string headerValue; // ... and, unless empty, have exactly this value

    bool isEmpty() const;
    bool matches(const BrowsedMessage &message) const;
};

} // namespace syncline::kafka
