#include "store/blob_store.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sodium.h>

#include "core/crypto.hpp"

namespace aigc {

namespace fs = std::filesystem;

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

namespace {

bool is_hash(const std::string& h) {
  return h.size() == 64 && h.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::string BlobStore::path_of(const std::string& hash) const {
  return (fs::path(root_) / hash.substr(0, 2) / hash.substr(2)).string();
}

Result<std::string> BlobStore::put(std::string_view bytes) {
  auto hash = sha256_hex(bytes);
  auto final_path = fs::path(path_of(hash));
  std::error_code ec;
  if (fs::exists(final_path, ec)) return hash;  // same bytes, same blob
  fs::create_directories(final_path.parent_path(), ec);
  auto tmp = final_path;
  tmp += ".tmp-" + random_token(8);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      return Error::make(ErrorCode::unavailable, "error.unavailable", "cannot write to the blob store at " + root_);
    }
  }
  fs::rename(tmp, final_path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error::make(ErrorCode::unavailable, "error.unavailable", "cannot write to the blob store at " + root_);
  }
  return hash;
}

std::optional<std::string> BlobStore::get(const std::string& hash) const {
  if (!is_hash(hash)) return std::nullopt;
  std::ifstream in(path_of(hash), std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool BlobStore::exists(const std::string& hash) const {
  std::error_code ec;
  return is_hash(hash) && fs::exists(path_of(hash), ec);
}

}  // namespace aigc
