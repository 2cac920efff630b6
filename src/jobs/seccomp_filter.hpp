// The system calls a sandboxed scorer is refused, as a classic BPF program for bubblewrap's
// `--seccomp FD`. Everything else is allowed: the filter closes the kernel interfaces a
// scorer never needs and an escape would (ptrace, mounts, namespaces, keyrings, BPF, raising
// limits); the uid, capabilities and mounts do the rest. A refused call fails with EPERM
// (clone3 with ENOSYS, so the C library falls back to clone, whose flags are checked).
#pragma once

#include <string>

namespace aigc {

// A file descriptor (close-on-exec, read position 0) holding the compiled filter, or -1 with
// `problem` saying why (libseccomp failed, no memfd). The caller closes it.
int seccomp_filter_fd(std::string& problem);

}  // namespace aigc
