#include "store/blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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
  // POSIX calls rather than a stream: a full disk (ENOSPC, EDQUOT) must be told apart from
  // a broken one, and the bytes must be on disk (fsync) before the name says they are.
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  int err = fd < 0 ? errno : 0;
  for (std::size_t done = 0; !err && done < bytes.size();) {
    auto w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) err = w < 0 ? errno : EIO;
    else done += static_cast<std::size_t>(w);
  }
  if (!err && ::fsync(fd) != 0) err = errno;
  if (fd >= 0 && ::close(fd) != 0 && !err) err = errno;
  if (!err) {
    fs::rename(tmp, final_path, ec);
    err = ec.value();
  }
  if (!err) return hash;
  fs::remove(tmp, ec);
  return storage_error(err, root_);
}

Error storage_error(int err, const std::string& where) {
  if (err == ENOSPC || err == EDQUOT)
    return Error::make(ErrorCode::insufficient_storage, "error.storage_full",
                       "the server's storage is full (" + where + "); nothing was saved, try again later");
  return Error::make(ErrorCode::unavailable, "error.unavailable",
                     "cannot write to the blob store at " + where + ": " + std::strerror(err));
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
