#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace syncline {

// Where an HTTP endpoint listens, as given: "127.0.0.1:9187", "[::1]:9187", "localhost:9187",
// ":9187" or "0.0.0.0:9187" (every interface). Port 0 asks the system for a free one.
struct ListenAddress
{
    std::string host; // an IPv4 or bracketed IPv6 literal; empty: every interface
    int port = 0;

    // The form CivetWeb's listening_ports takes: "127.0.0.1:9187", "[::1]:9187", "9187".
    std::string civetweb() const;
};

// The address, or why it is not one (a message that names the expected form).
struct ListenAddressResult
{
    std::optional<ListenAddress> address;
    std::string problem;
};
ListenAddressResult parseListenAddress(std::string_view text);

} // namespace syncline
