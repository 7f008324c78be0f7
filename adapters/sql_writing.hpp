// What the SQL writers (Flyway, Prisma) share: statement endings, SQL comments, and the statement
// that stops the native tool where polymigrate could not write a step, saying why.
#pragma once

#include <string>

#include "model/script.hpp"

namespace pm::adapters {

// The statement with its trailing blanks removed and one ';' at the end.
std::string with_semicolon(const std::string& statement);

// Every line of `text` as a "-- " comment line.
std::string sql_comment(const std::string& text);

// A statement that fails on PostgreSQL and SQLite (the function does not exist) with `why` in
// its error message, so the tool stops there instead of skipping what polymigrate could not write.
std::string stop_statement(const std::string& why);

// Untranslated code, carried as comments with where it came from, then the stop statement.
std::string untranslated_code_sql(const model::OpaqueStep& opaque);

}  // namespace pm::adapters
