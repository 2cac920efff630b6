// The demo community's discussions, written for the demo (content/discussions/topics.txt):
// topics with replies in both languages across the categories, the fields, the demo
// challenge's forum and papers' threads, spread over the last weeks, then votes, follows
// and bookmarks among the demo members. Loaded once by `aigc seed --demo`, after the
// members, the challenge and the papers.
//
// The file: "## <where> | <author> | <tags>" starts a topic (where: general, help,
// announcements, field-<id>, competition:<slug>, paper:<n> for the n-th paper), its title
// on the next line and its body after; ">> <author>" starts a reply, ">> <author> @<n>" a
// reply to post n. An author is "admin" or n, the n-th demo member.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

Result<std::string> seed_demo_discussions(Database& db, const std::string& file);

}  // namespace aigc
