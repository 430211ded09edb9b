#include "config/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace syncline {

namespace {

bool isIpv4(const std::string &host)
{
    in_addr address{};
    return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool isIpv6(const std::string &host)
{
    in6_addr address{};
    return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

} // namespace

std::string ListenAddress::civetweb() const
{
    return (host.empty() ? std::string() : host + ':') + std::to_string(port);
}

ListenAddressResult parseListenAddress(std::string_view text)
{
    const auto fail = [&](const std::string &why) {
        return ListenAddressResult{std::nullopt, "'" + std::string(text) +
                                                     "' is not a listen "
                                                     "address (host:port, as 127.0.0.1:9187, "
                                                     "[::1]:9187 or :9187): " +
                                                     why};
    };
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos)
        return fail("no port");
    const std::string_view portText = text.substr(colon + 1);
    int port = -1;
    const auto [end, error] =
        std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (portText.empty() || error != std::errc() || end != portText.data() + portText.size() ||
        port < 0 || port > 65535)
        return fail("the port must be a number from 0 to 65535");
    std::string host(text.substr(0, colon));
    if (host == "localhost")
        host = "127.0.0.1";
    else if (host == "0.0.0.0" || host == "*")
        host.clear();
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        if (!isIpv6(host.substr(1, host.size() - 2)))
            return fail("not an IPv6 address between the brackets");
    } else if (!host.empty() && !isIpv4(host)) {
        return fail(host.find(':') != std::string::npos
                        ? "an IPv6 address goes between brackets"
                        : "the host must be an IP address or localhost");
    }
    return {ListenAddress{std::move(host), port}, {}};
}

} // namespace syncline
