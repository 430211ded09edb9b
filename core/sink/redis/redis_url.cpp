#include "sink/redis/redis_url.h"

#include "util/errors.h"

#include <charconv>

namespace syncline::redis {

namespace {

[[noreturn]] void refuse(const std::string &why)
{
    throw PermanentError("url: " + why +
                         " (expected redis://[user:password@]host[:port][/db], or rediss://)");
}

int number(std::string_view text, const char *what)
{
    int value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0)
        refuse(std::string("the ") + what + " is not a number");
    return value;
}

// %40 -> @, so that passwords may hold the characters a URL reserves.
std::string percentDecoded(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        int byte = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, byte, 16).ptr ==
                text.data() + i + 3) {
            out += char(byte);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

std::string RedisUrl::describe() const
{
    const bool ipv6 = host.find(':') != std::string::npos;
    return (tls ? "rediss://" : "redis://") + (user.empty() ? std::string() : user + "@") +
           (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" +
           std::to_string(database);
}

RedisUrl parseRedisUrl(const std::string &url)
{
    RedisUrl parsed;
    parsed.tls = url.rfind("rediss://", 0) == 0;
    const std::string scheme = parsed.tls ? "rediss://" : "redis://";
    if (url.rfind(scheme, 0) != 0)
        refuse("it does not start with redis:// or rediss://");
    std::string_view rest(url);
    rest.remove_prefix(scheme.size());
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        const std::string_view credentials = rest.substr(0, at);
        const auto colon = credentials.find(':');
        parsed.user = percentDecoded(credentials.substr(0, colon));
        if (colon != std::string_view::npos)
            parsed.password = percentDecoded(credentials.substr(colon + 1));
        rest.remove_prefix(at + 1);
    }
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        if (slash + 1 < rest.size())
            parsed.database = number(rest.substr(slash + 1), "database");
        rest = rest.substr(0, slash);
    }
    const auto bracket = rest.rfind(']');
    const auto colon = rest.rfind(':');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        parsed.port = number(rest.substr(colon + 1), "port");
        rest = rest.substr(0, colon);
    }
    if (rest.size() >= 2 && rest.front() == '[' && rest.back() == ']')
        rest = rest.substr(1, rest.size() - 2);
    if (rest.empty())
        refuse("no host");
    parsed.host = std::string(rest);
    return parsed;
}

RedisUrl redisServerOf(const RedisSinkOptions &options)
{
    RedisUrl server = parseRedisUrl(options.url);
    server.tlsWith = options.tls;
    return server;
}

} // namespace syncline::redis
