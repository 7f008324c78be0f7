// Takes apart a COPY ... FROM STDIN statement from the splitter (whose text holds the command,
// its ';', and the data up to "\.") into the command to send and the data to stream.
#pragma once

#include <string_view>

#include "sql/splitter.hpp"

namespace pm::sql {

struct CopyParts {
  std::string_view command;  // "COPY t (a, b) FROM stdin", without ';'
  std::string_view data;     // the data lines, each ending in '\n', without the "\." line
};

// Views into `statement.text`; for a statement without copy_from_stdin, command is the whole text.
CopyParts copy_parts(const Statement& statement, model::Dialect dialect);

}  // namespace pm::sql
