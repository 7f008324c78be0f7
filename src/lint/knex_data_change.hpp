// A Knex query-builder statement that changes rows in bulk (`knex('t').update({...})`, `.del()`,
// `.increment()`), read from the code the Knex adapter keeps as opaque: lint checks it as it
// checks an UPDATE or DELETE in SQL (the backfill rule), not as code it cannot read.
#pragma once

#include <optional>

#include "lint/statement_kind.hpp"
#include "model/script.hpp"

namespace pm::lint {

// The data change `step` is, when it is one Knex statement whose chain starts at a table
// (`knex('t')`, `knex.table('t')`, `knex.from('t')`) and ends in a row-changing call; nullopt
// for anything else (the step stays unreadable). `bounded`: the chain holds a where* call.
std::optional<StatementFacts> knex_data_change(const model::OpaqueStep& step);

}  // namespace pm::lint
