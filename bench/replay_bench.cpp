// Replay speed: a history of N migrations (default 10,000), each a CREATE TABLE and an INSERT as
// SQL text, replayed with pm::schema::replay_history keeping the state after every migration.
// Prints the replay time and the process's peak resident memory.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/history.hpp"
#include "schema/replay.hpp"

namespace {

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

pm::model::History make_history(int count) {
  std::vector<pm::model::Migration> migrations;
  migrations.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    pm::model::Migration m;
    m.key = "V" + std::to_string(i + 1) + "__create_t" + std::to_string(i);
    if (i > 0) m.parents = {migrations.back().key};
    const std::string t = "t" + std::to_string(i);
    m.up = {pm::model::SqlStep{"CREATE TABLE " + t +
                                   " (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at "
                                   "TIMESTAMP DEFAULT CURRENT_TIMESTAMP);\n"
                                   "INSERT INTO " +
                                   t + " (id, name) VALUES (1, 'first');\n",
                               1, false, false}};
    m.source.file = m.key + ".sql";
    migrations.push_back(std::move(m));
  }
  return pm::model::History(std::move(migrations));
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
  const auto history = make_history(count);
  const long rss_before = peak_rss_kb();
  const auto start = std::chrono::steady_clock::now();
  const auto replay = pm::schema::replay_history(history, pm::model::Dialect::sqlite);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const double ms = std::chrono::duration<double, std::milli>(elapsed).count();
  std::printf("replayed %d migrations (%zu tables, %zu diagnostics, %zu states kept) in %.1f ms\n",
              count, replay.state.table_count(), replay.diagnostics.size(),
              replay.migrations.size() * 2, ms);
  std::printf("peak memory: %.1f MB (%.1f MB before replay, history included)\n",
              static_cast<double>(peak_rss_kb()) / 1024.0,
              static_cast<double>(rss_before) / 1024.0);
  return replay.diagnostics.empty() && replay.state.table_count() == static_cast<std::size_t>(count)
             ? 0
             : 1;
}
