// Content-addressed files on disk: a blob is named by the SHA-256 of its bytes and stored
// once under root/ab/cdef.... Writes go to a temporary file that is renamed into place, so
// a reader never sees half a blob and a crash leaves no partial one. Thread-safe (and safe
// across processes sharing the folder).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace aigc {

class BlobStore {
 public:
  explicit BlobStore(std::string root) : root_(std::move(root)) {}
  // Stores the bytes; returns their hex SHA-256. Fails with insufficient_storage (507) when
  // the disk is full, unavailable when it fails otherwise; nothing is left behind either way.
  Result<std::string> put(std::string_view bytes);
  // The bytes of a blob, or nullopt when there is no such blob.
  std::optional<std::string> get(const std::string& hash) const;
  bool exists(const std::string& hash) const;
  std::string path_of(const std::string& hash) const;

 private:
  std::string root_;
};

std::string sha256_hex(std::string_view bytes);

// The error for a write that failed with `err` (an errno) under `where`: a full disk is
// insufficient_storage (507, the uploader is told so), anything else unavailable (503).
Error storage_error(int err, const std::string& where);

}  // namespace aigc
