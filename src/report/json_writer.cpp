#include "report/json_writer.hpp"

namespace pm::report {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
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
  if (done_) put('\n');
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  out_.flush();
}

void JsonWriter::flush_if_full() {
  if (buffer_.size() < (1u << 16)) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonWriter::newline() {
  flush_if_full();
  put('\n');
  buffer_.append(2 * has_elements_.size(), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_elements_.empty()) return;
  if (has_elements_.back()) put(',');
  has_elements_.back() = true;
  newline();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  put('{');
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool had = has_elements_.back();
  has_elements_.pop_back();
  if (had) newline();
  put('}');
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  put('[');
  has_elements_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const bool had = has_elements_.back();
  has_elements_.pop_back();
  if (had) newline();
  put(']');
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  write_string(name);
  put(": ");
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
  put(std::to_string(number));
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
  before_value();
  put(flag ? "true" : "false");
  done_ = has_elements_.empty();
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  put("null");
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
  put('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  auto flush = [&](std::size_t end) {
    if (end > run) buffer_.append(text.data() + run, end - run);
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
      put("\\ufffd");
      run = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"':
        put("\\\"");
        break;
      case '\\':
        put("\\\\");
        break;
      case '\n':
        put("\\n");
        break;
      case '\r':
        put("\\r");
        break;
      case '\t':
        put("\\t");
        break;
      case '\b':
        put("\\b");
        break;
      case '\f':
        put("\\f");
        break;
      default:
        put("\\u00");
        put(kHex[c >> 4]);
        put(kHex[c & 0xF]);
    }
    run = ++i;
  }
  flush(text.size());
  put('"');
}

}  // namespace pm::report
