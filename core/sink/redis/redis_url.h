#pragma once

#include "config/pipeline_config.h"

#include <string>

namespace syncline::redis {

// Where a Redis server is, from redis[s]://[user:password@]host[:port][/db] (an IPv6 host in
// brackets). The password is a secret: describe() leaves it out.
struct RedisUrl
{
    std::string host = "127.0.0.1";
    int port = 6379;
    int database = 0;
    std::string user;
    std::string password;
    bool tls = false;              // rediss://
    RedisSinkOptions::Tls tlsWith; // with tls: the certificates to check and to show

    std::string describe() const; // "redis://127.0.0.1:6379/0", with the user but no password
};

// Throws PermanentError for a URL it cannot read; the message never quotes the password.
RedisUrl parseRedisUrl(const std::string &url);
// The sink's url with its tls_* settings.
RedisUrl redisServerOf(const RedisSinkOptions &options);

} // namespace syncline::redis
