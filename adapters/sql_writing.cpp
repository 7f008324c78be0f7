#include "adapters/sql_writing.hpp"

namespace pm::adapters {

std::string with_semicolon(const std::string& statement) {
  const std::size_t end = statement.find_last_not_of(" \t\r\n");
  if (end == std::string::npos) return statement;
  return statement[end] == ';' ? statement.substr(0, end + 1) : statement.substr(0, end + 1) + ";";
}

std::string sql_comment(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    std::string line =
        text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += "-- " + line + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

std::string stop_statement(const std::string& why) {
  std::string quoted;
  for (char c : why) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return "SELECT polymigrate_cannot_run_this_step('" + quoted + "');\n";
}

std::string untranslated_code_sql(const model::OpaqueStep& opaque) {
  const std::string where = opaque.source.file + ":" + std::to_string(opaque.source.line_begin);
  return "-- polymigrate: " + opaque.language + " code it could not translate (" + opaque.reason +
         "), from " + where + ":\n" + sql_comment(opaque.code) +
         stop_statement("untranslated " + opaque.language + " code from " + where +
                        ": translate it by hand");
}

}  // namespace pm::adapters
