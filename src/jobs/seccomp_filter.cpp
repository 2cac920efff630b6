#include "jobs/seccomp_filter.hpp"

#include <sched.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace aigc {

namespace {

// Interfaces for administering the machine or another process: none is needed to score.
const int kRefused[] = {
    SCMP_SYS(ptrace),          SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(mount),
    SCMP_SYS(umount2),         SCMP_SYS(pivot_root),       SCMP_SYS(chroot),            SCMP_SYS(unshare),
    SCMP_SYS(setns),           SCMP_SYS(fsopen),           SCMP_SYS(fsconfig),          SCMP_SYS(fsmount),
    SCMP_SYS(fspick),          SCMP_SYS(move_mount),       SCMP_SYS(open_tree),         SCMP_SYS(mount_setattr),
    SCMP_SYS(keyctl),          SCMP_SYS(add_key),          SCMP_SYS(request_key),       SCMP_SYS(bpf),
    SCMP_SYS(perf_event_open), SCMP_SYS(userfaultfd),      SCMP_SYS(kexec_load),        SCMP_SYS(kexec_file_load),
    SCMP_SYS(init_module),     SCMP_SYS(finit_module),     SCMP_SYS(delete_module),     SCMP_SYS(reboot),
    SCMP_SYS(swapon),          SCMP_SYS(swapoff),          SCMP_SYS(syslog),            SCMP_SYS(acct),
    SCMP_SYS(quotactl),        SCMP_SYS(open_by_handle_at), SCMP_SYS(name_to_handle_at), SCMP_SYS(setrlimit),
    SCMP_SYS(io_uring_setup),  SCMP_SYS(io_uring_enter),   SCMP_SYS(io_uring_register), SCMP_SYS(personality),
};

const unsigned long kNamespaceFlags[] = {CLONE_NEWUSER, CLONE_NEWNS,  CLONE_NEWPID, CLONE_NEWNET,
                                         CLONE_NEWIPC,  CLONE_NEWUTS, CLONE_NEWCGROUP};

bool build(scmp_filter_ctx ctx) {
  for (int call : kRefused)
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), call, 0) != 0) return false;
  // clone3 passes its flags in memory that a filter cannot read: refuse it as unknown.
  if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0) != 0) return false;
  for (auto flag : kNamespaceFlags)
    if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag)) != 0)
      return false;
  // Reading a limit is fine; setting one (prlimit with a new value) is not.
  return seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(prlimit64), 1, SCMP_A2(SCMP_CMP_NE, 0)) == 0;
}

}  // namespace

int seccomp_filter_fd(std::string& problem) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) {
    problem = "libseccomp cannot make a filter";
    return -1;
  }
  int fd = -1;
  if (!build(ctx)) {
    problem = "libseccomp refused a rule of the scorer filter";
  } else if ((fd = ::memfd_create("aigc-seccomp", MFD_CLOEXEC)) < 0) {
    problem = std::string("cannot hold the seccomp filter: ") + std::strerror(errno);
  } else if (seccomp_export_bpf(ctx, fd) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) {
    problem = "cannot write the seccomp filter";
    ::close(fd);
    fd = -1;
  }
  seccomp_release(ctx);
  return fd;
}

}  // namespace aigc
