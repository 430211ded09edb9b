#pragma once

#include <string>

namespace syncline::redis {

// Where a Redis server is, from redis://[user:password@]host[:port][/db]. The password is a
// secret: describe() leaves it out.
struct RedisUrl
{
    std::string host = "127.0.0.1";
    int port = 6379;
    int database = 0;
    std::string user;
    std::string password;

    std::string describe() const; // "redis://127.0.0.1:6379/0", with the user but no password
};

// Throws PermanentError for rediss:// (Debian 12's hiredis 0.14 has no TLS) and for a URL it
// cannot read; the message never quotes the password.
RedisUrl parseRedisUrl(const std::string &url);

} // namespace syncline::redis
