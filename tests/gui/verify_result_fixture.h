#pragma once

#include "verify_outcome.h"

#include <memory>
#include <vector>

namespace syncline::test {

// A comparison's results as PipelineVerifier returns them, for the Validate page's models and
// page tests without servers: sink "replica"; public.items (6,000 rows) with one missing row
// (id 2500), one extra (id 900001) and one different (id 5000, note 'seed' on the source and
// 'corrupt' on the target); public.orders equal; public.ledger not compared (no key).
inline std::vector<ui::TableResultPtr> sampleVerifyResults()
{
    using verify::Difference;
    verify::TableResult items;
    items.sink = "replica";
    items.table = "public.items";
    items.sourceRows = 6000;
    items.missing = items.extra = items.different = 1;
    items.seconds = 1.5;
    auto add = [&](Difference::Kind kind, const char *id, std::optional<std::string> source,
                   std::optional<std::string> target) {
        Difference difference;
        difference.table = "public.items";
        difference.keyColumns = {"id"};
        difference.key = {id};
        difference.kind = kind;
        difference.sourceRow = std::move(source);
        difference.targetRow = std::move(target);
        items.differences.push_back(difference);
    };
    add(Difference::Kind::Missing, "2500", R"({"id": 2500, "qty": 75, "note": "seed"})",
        std::nullopt);
    add(Difference::Kind::Extra, "900001", std::nullopt,
        R"({"id": 900001, "qty": 1, "note": null})");
    add(Difference::Kind::Different, "5000",
        R"({"id": 5000, "qty": 53, "note": "seed", "payload": {"g": 5000}})",
        R"({"id": 5000, "qty": 53, "note": "corrupt", "payload": {"g": 5000}})");

    verify::TableResult orders;
    orders.sink = "replica";
    orders.table = "public.orders";
    orders.sourceRows = 100;
    orders.seconds = 0.2;

    verify::TableResult ledger;
    ledger.sink = "replica";
    ledger.table = "public.ledger";
    ledger.error = "public.ledger has no primary key or replica identity index";

    return {std::make_shared<const verify::TableResult>(items),
            std::make_shared<const verify::TableResult>(orders),
            std::make_shared<const verify::TableResult>(ledger)};
}

} // namespace syncline::test
