// A database that exists only for one check and is removed afterwards, so that a check which runs
// every migration up and down never touches a database anybody uses: a SQLite file in a fresh
// temporary folder, or a fresh PostgreSQL database created on the server a URL names.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "db/connection.hpp"

namespace pm::db {

class ScratchDatabase {
 public:
  // `server`: a PostgreSQL URL whose server (and credentials) host the scratch database, which
  // gets a new name; a SQLite URL or nullopt: a new file in the system's temporary folder.
  explicit ScratchDatabase(const std::optional<DatabaseUrl>& server);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  Connection& connection() { return *connection_; }
  const DatabaseUrl& url() const { return url_; }

 private:
  DatabaseUrl url_;
  std::filesystem::path folder_;       // SQLite: removed with its file
  std::unique_ptr<Connection> admin_;  // PostgreSQL: drops the database at the end
  std::unique_ptr<Connection> connection_;
};

}  // namespace pm::db
