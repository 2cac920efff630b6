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
  // Stores the bytes; returns their hex SHA-256. Fails (unavailable) when the disk does.
  Result<std::string> put(std::string_view bytes);
  // The bytes of a blob, or nullopt when there is no such blob.
  std::optional<std::string> get(const std::string& hash) const;
  bool exists(const std::string& hash) const;
  std::string path_of(const std::string& hash) const;

 private:
  std::string root_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace aigc
