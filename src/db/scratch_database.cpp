#include "db/scratch_database.hpp"

#include <unistd.h>

#include <random>

namespace pm::db {

namespace {

std::string random_suffix() {
  std::random_device random;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string suffix;
  for (int i = 0; i < 12; ++i) suffix += "0123456789abcdef"[digit(random)];
  return suffix;
}

}  // namespace

ScratchDatabase::ScratchDatabase(const std::optional<DatabaseUrl>& server) {
  const std::string name = "polymigrate_verify_" + std::to_string(getpid()) + "_" + random_suffix();
  if (server && server->dialect == model::Dialect::postgresql) {
    admin_ = open_connection(*server);
    // A new random name each time: the identifier is ours, never the user's text.
    admin_->exec_script("CREATE DATABASE " + admin_->quote_identifier(name));
    url_ = *server;
    url_.database = name;
    try {
      connection_ = open_connection(url_);
    } catch (...) {
      admin_->exec_script("DROP DATABASE " + admin_->quote_identifier(name));
      throw;
    }
    return;
  }
  folder_ = std::filesystem::temp_directory_path() / name;
  std::filesystem::create_directory(folder_);
  url_.dialect = model::Dialect::sqlite;
  url_.path = (folder_ / "scratch.db").string();
  connection_ = open_connection(url_);
}

ScratchDatabase::~ScratchDatabase() {
  connection_.reset();
  try {
    if (admin_) admin_->exec_script("DROP DATABASE " + admin_->quote_identifier(url_.database));
  } catch (...) {
    // The server is gone: nothing left to clean on our side.
  }
  std::error_code ignored;
  if (!folder_.empty()) std::filesystem::remove_all(folder_, ignored);
}

}  // namespace pm::db
