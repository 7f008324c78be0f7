#include "report/json_writer.hpp"

namespace pm::report {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c >= 0xE0 && c <= 0xEF) n = 3;
  else if (c >= 0xF0 && c <= 0xF4) n = 4;
  else return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  // Overlong forms, surrogates and code points above U+10FFFF.
  if (c == 0xE0 && byte(i + 1) < 0xA0) return 0;
  if (c == 0xED && byte(i + 1) > 0x9F) return 0;
  if (c == 0xF0 && byte(i + 1) < 0x90) return 0;
  if (c == 0xF4 && byte(i + 1) > 0x8F) return 0;
  return n;
}

}  // namespace

JsonWriter::~JsonWriter() {
  if (done_) out_ << '\n';
}

void JsonWriter::newline() {
  out_ << '\n';
  for (std::size_t i = 0; i < has_elements_.size(); ++i) out_ << "  ";
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_elements_.empty()) return;
  if (has_elements_.back()) out_ << ',';
  has_elements_.back() = true;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ << '{';
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool had = has_elements_.back();
  has_elements_.pop_back();
  if (had) newline();
  out_ << '}';
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ << '[';
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool had = has_elements_.back();
  has_elements_.pop_back();
  if (had) newline();
  out_ << ']';
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  write_string(name);
  out_ << ": ";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
  before_value();
  write_string(text);
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
  before_value();
  out_ << number;
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  out_ << (flag ? "true" : "false");
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ << "null";
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::value(const std::vector<std::string>& texts) {
  begin_array();
  for (const auto& text : texts) value(text);
  return end_array();
}

void JsonWriter::write_string(std::string_view text) {
  static const char* const kHex = "0123456789abcdef";
  out_ << '"';
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  auto flush = [&](std::size_t end) {
    if (end > run) out_.write(text.data() + run, static_cast<std::streamsize>(end - run));
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (std::size_t n = utf8_length(text, i)) {
        i += n;
        continue;
      }
      flush(i);
      out_ << "\\ufffd";
      run = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': out_ << "\\\""; break;
      case '\\': out_ << "\\\\"; break;
      case '\n': out_ << "\\n"; break;
      case '\r': out_ << "\\r"; break;
      case '\t': out_ << "\\t"; break;
      case '\b': out_ << "\\b"; break;
      case '\f': out_ << "\\f"; break;
      default: out_ << "\\u00" << kHex[c >> 4] << kHex[c & 0xF];
    }
    run = ++i;
  }
  flush(text.size());
  out_ << '"';
}

}  // namespace pm::report
