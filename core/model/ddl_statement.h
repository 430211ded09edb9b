#pragma once

#include <string>

namespace syncline {

// One DDL statement as the source logged it, in its place among the changes.
struct DdlStatement
{
    std::string commandTag;     // ALTER TABLE, CREATE TABLE, ALTER TYPE, ...
    std::string objectIdentity; // public.users
    std::string ddl;
};

} // namespace syncline
