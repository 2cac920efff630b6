// Account changes that go through the member's mailbox or need their password again:
// registering by mail, confirming an address, password change and reset, signing out
// elsewhere, deleting an account, and an admin's suspension. Every mail is queued in the
// same transaction as the change that causes it.
//
// Registration never says whether an address has an account: a new address gets a link
// that creates the account, a taken one gets a notice to its owner, and the caller sees
// the same answer, after the same work (the password is hashed either way). The account
// exists only once the link is followed, so signing in cannot tell the two apart either.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/email_links.hpp"
#include "domain/members/member.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_service.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

// What a link is for, shown on the page that asks to confirm it.
struct LinkPreview {
  std::string purpose;  // register, confirm_email, reset
  std::string email;
  std::string handle;
};

struct FollowedLink {
  Member member;
  std::string purpose;
  std::string next;  // where a registration wanted to land ("" for none)
};

class AccountService {
 public:
  AccountService(Database& db, std::string public_url) : db_(db), public_url_(std::move(public_url)) {}

  // Field problems and a taken handle are errors; otherwise a mail is queued to the
  // address (a link, or a notice when it has an account) and the result is ok.
  Result<void> register_by_mail(const Registration& reg, const std::string& next);
  // nullopt-like errors (not_found) for unknown, used or expired links.
  Result<LinkPreview> preview(const std::string& token);
  // Uses the link: creates the account, changes the address, or (reset) only checks it.
  Result<FollowedLink> follow(const std::string& token);

  // Queues a reset link when `email` has an account; ok either way.
  Result<void> request_password_reset(const std::string& email);
  // Sets the new password through a reset link, ends every session of the member and
  // returns them (to sign in again).
  Result<Member> reset_password(const std::string& token, const std::string& password);
  // With the current password; ends every other session (`session_token` is kept).
  Result<void> change_password(const Member& m, const std::string& current, const std::string& password,
                               const std::string& session_token);
  // With the current password; the new address gets a link, the old one a notice once the change is made.
  Result<void> request_email_change(const Member& m, const std::string& current, const std::string& email);
  // Returns how many sessions were ended.
  int end_other_sessions(const Member& m, const std::string& session_token);
  // With the password and the handle typed again.
  Result<void> delete_account(const Member& m, const std::string& password, const std::string& typed_handle);
  // Re-encodes the picture (domain/media/pictures.hpp) and stores it; empty `upload` goes back to initials.
  Result<Member> set_avatar(const Member& m, BlobStore& blobs, std::string_view upload);
  Result<Member> set_suspended(const Member& actor, const std::string& handle, bool suspended);
  Result<std::vector<Member>> search(const Member& actor, const std::string& text, int limit);

 private:
  Result<void> check_password(const Member& m, const std::string& password);
  Result<FollowedLink> follow_once(const std::string& token);
  std::string link(const std::string& path, const std::string& token) const;
  Database& db_;
  std::string public_url_;
  MemberRepository repo_;
  EmailLinkRepository links_;
};

}  // namespace aigc
