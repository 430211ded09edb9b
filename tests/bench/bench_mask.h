#pragma once

#include <QString>

namespace syncline::test {
class PgCluster;
}

namespace syncline::bench {

// maskdrain: the drain's tables through a pipeline whose transforms mask both text columns in
// four steps (hash and tokenize first, on the raw values):
//   1. docs.body     hash (HMAC-SHA-256, hex) of the 2,560-byte TOASTed text
//   2. *.owner       tokenize (FF1 over letters and digits)
//   3. accounts.owner partial, the token's last 4 characters kept
//   4. docs.body     truncate to 16 characters (the hash's first 16 hex digits)
// The keys come from environment variables that transformsYaml() sets; `syncline run`, started
// by the bench, inherits them.
struct MaskChain
{
    // The pipeline file's top-level `transforms:` lines.
    static QString transformsYaml();
    // Empty when db's accounts and docs on the target are the source's rows masked as above:
    // the same row count and ids; the unmasked columns' checksum equal (accounts: id, balance,
    // flags, updated_at; docs: id, version); every body (NULL stays NULL) the first 16 hex
    // digits of its HMAC, computed by pgcrypto on the source; every owner different from the
    // source's, as long, all '*' but the last 4 characters, and those 4 differ from the source's
    // in at least 99% of the rows (tokenize may leave some equal by chance). Otherwise what
    // differs. Creates pgcrypto in the source database.
    static QString difference(test::PgCluster &source, test::PgCluster &target, const QString &db);
    // After a masked run, throws naming the difference() found; after an unmasked one, throws
    // when difference() finds none, as it would if it could not tell masked from unmasked.
    static void check(test::PgCluster &source, test::PgCluster &target, const QString &db,
                      bool masked);
};

} // namespace syncline::bench
