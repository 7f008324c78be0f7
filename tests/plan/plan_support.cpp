#include "plan/plan_support.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>

#include "db/database_url.hpp"

namespace pm::test {

namespace fs = std::filesystem;

std::vector<std::string> created(const std::string& out) {
  std::vector<std::string> files;
  static const std::regex line("created (.*)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator();
       ++it)
    files.push_back(fs::path((*it)[1].str()).filename().string());
  return files;
}

std::optional<std::string> text_at(db::Connection& conn, const std::string& table,
                                   const std::string& column, int id) {
  auto rows = conn.query("SELECT " + conn.quote_identifier(column) + " FROM " +
                             conn.quote_identifier(table) + " WHERE id = $1",
                         {db::Value{std::int64_t{id}}});
  REQUIRE(rows.rows.size() == 1);
  return db::as_text(rows.rows[0][0]);
}

void up(const test::ProjectCopy& project, const std::string& db, const std::string& to) {
  std::vector<std::string> args{"--db", db};
  if (!to.empty()) args.insert(args.end(), {"--to", to});
  auto run = project.cli("up", args);
  INFO("up --to " << to << ":\n" << run.out << run.err);
  REQUIRE(run.exit_code == 0);
}

void runs_the_phases(const test::ProjectCopy& project, const std::string& db, const Stops& stops,
                     const std::string& table, const std::string& old_column,
                     const std::string& new_column, const std::vector<std::string>& skip) {
  up(project, db, stops.before);
  auto conn = db::open_connection(db::parse_database_url(db));
  const std::string t = conn->quote_identifier(table);
  conn->exec(
      "INSERT INTO " + t + " (id, " + conn->quote_identifier(old_column) + ") VALUES ($1, $2)",
      {db::Value{std::int64_t{1}}, db::Value{std::string("ada")}});

  up(project, db, stops.expand);
  // Old code writes only the old column; new code only the new one.
  conn->exec(
      "INSERT INTO " + t + " (id, " + conn->quote_identifier(old_column) + ") VALUES ($1, $2)",
      {db::Value{std::int64_t{2}}, db::Value{std::string("bob")}});
  conn->exec(
      "INSERT INTO " + t + " (id, " + conn->quote_identifier(new_column) + ") VALUES ($1, $2)",
      {db::Value{std::int64_t{3}}, db::Value{std::string("cy")}});
  CHECK(text_at(*conn, table, new_column, 2) == "bob");
  CHECK(text_at(*conn, table, old_column, 3) == "cy");
  CHECK_FALSE(text_at(*conn, table, new_column, 1));  // not backfilled yet
  conn->exec("UPDATE " + t + " SET " + conn->quote_identifier(old_column) + " = $1 WHERE id = $2",
             {db::Value{std::string("bobby")}, db::Value{std::int64_t{2}}});
  CHECK(text_at(*conn, table, new_column, 2) == "bobby");

  up(project, db, stops.backfill);
  CHECK(text_at(*conn, table, new_column, 1) == "ada");

  up(project, db, "");
  conn.reset();
  const auto state = test::live_state(db, skip);
  const schema::Table* after = state.find_table({"", table});
  REQUIRE(after);
  std::vector<std::string> columns;
  for (const auto& column : after->columns) columns.push_back(column.name);
  CHECK(columns == std::vector<std::string>{"id", new_column});
  auto again = db::open_connection(db::parse_database_url(db));
  CHECK(text_at(*again, table, new_column, 1) == "ada");
  CHECK(text_at(*again, table, new_column, 2) == "bobby");
  CHECK(text_at(*again, table, new_column, 3) == "cy");
}

std::vector<std::string> created_folders(const std::string& out) {
  std::vector<std::string> folders;
  static const std::regex line("created (.*)");
  for (auto it = std::sregex_iterator(out.begin(), out.end(), line); it != std::sregex_iterator();
       ++it)
    folders.push_back(fs::path((*it)[1].str()).parent_path().filename().string());
  return folders;
}

std::vector<std::string> live_columns(const std::string& db, const std::string& table,
                                      const std::vector<std::string>& skip) {
  const auto state = live_state(db, skip);
  const schema::Table* found = state.find_table({"", table});
  REQUIRE(found);
  std::vector<std::string> columns;
  for (const auto& column : found->columns) columns.push_back(column.name);
  return columns;
}

}  // namespace pm::test
