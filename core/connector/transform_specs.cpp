#include "connector/registry_parts.h"

namespace syncline {

std::vector<ConnectorSpec> transformSpecs()
{
    std::vector<ConnectorSpec> specs;
    specs.push_back(
        {.kind = ConnectorKind::Transform,
         .type = "mask",
         .doc = "Replaces the values of the columns it selects before any change leaves the "
                "engine: snapshot rows, before and after images, keys.",
         .properties = {
             typeProperty("mask", true),
             tablePatterns("The tables whose columns it may mask, as schema.table or table "
                           "patterns (* matches any characters)."),
             columnPatterns("columns",
                            "Columns by name pattern: column, table.column or "
                            "schema.table.column (MySQL: database.table.column), where * matches "
                            "any characters of a name: *.email, public.users.phone."),
             {.name = "tagged",
              .type = PropertyType::StringList,
              .doc = "Columns by the tags of their comment (PostgreSQL: COMMENT ON COLUMN "
                     "users.email IS 'pii:email'; a comment's words that start with pii: are "
                     "its tags), where * matches any characters: pii:email, pii:*. A step "
                     "needs columns, tagged or both.",
              .pattern = "pii:[A-Za-z0-9_*-]*",
              .minItems = 1},
             {.name = "types",
              .type = PropertyType::StringList,
              .doc = "Columns by type, as the source's catalog writes it (PostgreSQL's "
                     "format_type: text, character varying(40), date), where * matches any "
                     "characters: character varying* selects every varchar. A column that "
                     "columns, tagged or types selects is masked.",
              .minItems = 1},
             {.name = "with",
              .type = PropertyType::Enum,
              .doc = "null: NULL; redact: a fixed text; partial: keep the first or last "
                     "characters, replace the rest by *; truncate: keep the first characters; "
                     "hash: HMAC-SHA-256 with the key; tokenize: format-preserving encryption "
                     "(FF1) with the key: an all-digit value stays digits, separators stay put; "
                     "date_shift: moves dates and timestamps by a number of days that the key "
                     "and the row's primary key decide, the same for every date of a row. Only "
                     "hash and tokenize may mask a key column.",
              .required = true,
              .allowedValues = {"null", "redact", "partial", "truncate", "hash", "tokenize",
                                "date_shift"}},
             {.name = "key",
              .type = PropertyType::String,
              .doc = "hash, tokenize and date_shift: the secret key, as ${ENV} or file:<path>, "
                     "never "
                     "written in the file itself.",
              .secret = true},
             {.name = "key_id",
              .type = PropertyType::String,
              .defaultText = "1",
              .doc = "A name for the key, recorded with the masked values' format so that a "
                     "new key (rotation) shows: hash output with format prefixed starts with it.",
              .pattern = kNamePattern},
             {.name = "format",
              .type = PropertyType::Enum,
              .defaultText = "hex",
              .doc = "hash: how the 32-byte HMAC is written: hex, base64, or prefixed "
                     "(<key_id>:<hex>).",
              .allowedValues = {"hex", "base64", "prefixed"}},
             {.name = "text",
              .type = PropertyType::String,
              .defaultText = "[redacted]",
              .doc = "redact: the text that replaces each value."},
             {.name = "keep",
              .type = PropertyType::Int,
              .defaultText = "4",
              .doc = "partial: characters kept; truncate: characters kept from the start.",
              .minimum = 0},
             {.name = "days",
              .type = PropertyType::Int,
              .defaultText = "365",
              .doc = "date_shift: the most days a date moves, earlier or later (never 0).",
              .minimum = 1},
             {.name = "from",
              .type = PropertyType::Enum,
              .defaultText = "end",
              .doc = "partial: keep the characters at the start or at the end.",
              .allowedValues = {"start", "end"}},
         }});

    specs.push_back(
        {.kind = ConnectorKind::Transform,
         .type = "select",
         .doc = "Keeps or leaves out columns: a column left out never leaves the engine, and the "
                "target tables are created without it. Key columns cannot be left out.",
         .properties = {
             typeProperty("select", true),
             tablePatterns("The tables it applies to, as schema.table or table patterns."),
             columnPatterns("include", "Only the columns these patterns select are kept "
                                       "(column, table.column or schema.table.column; * globs)."),
             columnPatterns("exclude", "The columns these patterns select are left out."),
         }});

    specs.push_back(
        {.kind = ConnectorKind::Transform,
         .type = "filter",
         .doc = "Keeps the rows that match a predicate. An update that makes a row stop matching "
                "deletes it on the targets; one that makes it match inserts it. Pushed down to "
                "the publication's row filter where PostgreSQL 15 can evaluate it the same way.",
         .properties = {
             typeProperty("filter", true),
             tablePatterns("The tables it applies to, as schema.table or table patterns."),
             {.name = "where",
              .type = PropertyType::String,
              .doc = "The predicate, in a subset of SQL: comparisons (= <> < <= > >=), IS [NOT] "
                     "NULL, [NOT] IN (...), [NOT] LIKE '...', AND, OR, NOT, parentheses, a "
                     "boolean column alone; literals 'text', numbers, TRUE, FALSE, NULL. A row "
                     "is kept only when it is true (NULL compares as unknown).",
              .required = true},
         }});

    specs.push_back(
        {.kind = ConnectorKind::Transform,
         .type = "route",
         .doc = "Renames what reaches the targets and topics: tables (with tables) or columns "
                "(with columns).",
         .properties = {
             typeProperty("route", true),
             tablePatterns("The tables it renames (or whose columns it renames), as "
                           "schema.table or table patterns."),
             columnPatterns("columns", "The columns it renames, as column patterns; without "
                                       "columns the step renames tables."),
             {.name = "to",
              .type = PropertyType::String,
              .doc = "The new name: schema.table or table for tables, a name for columns. "
                     "{schema}, {table} and {column} stand for the current names, {1}, {2}... "
                     "for what each * of the matching pattern matched: analytics.{table}, "
                     "{1}_v2.",
              .required = true},
         }});
    return specs;
}

} // namespace syncline
