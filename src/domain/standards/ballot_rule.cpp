#include "domain/standards/ballot_rule.hpp"

#include "core/text.hpp"

namespace aigc {

std::string_view ballot_position_name(BallotPosition p) {
  switch (p) {
    case BallotPosition::approve: return "approve";
    case BallotPosition::approve_with_comments: return "approve_with_comments";
    case BallotPosition::disapprove: return "disapprove";
    case BallotPosition::abstain: return "abstain";
  }
  return "abstain";
}

std::optional<BallotPosition> parse_ballot_position(std::string_view s) {
  for (auto p : {BallotPosition::approve, BallotPosition::approve_with_comments, BallotPosition::disapprove, BallotPosition::abstain})
    if (ballot_position_name(p) == s) return p;
  return std::nullopt;
}

std::optional<std::pair<int, int>> parse_share(std::string_view s) {
  auto slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::int64_t num = 0, den = 0;
  if (!parse_int(trim(s.substr(0, slash)), num) || !parse_int(trim(s.substr(slash + 1)), den)) return std::nullopt;
  if (den < 1 || den > 1000 || num < 0 || num > den) return std::nullopt;
  return std::pair<int, int>{static_cast<int>(num), static_cast<int>(den)};
}

bool ballot_approved(const BallotRule& rule, const BallotTally& tally) {
  const std::int64_t cast = tally.cast();
  if (cast == 0) return false;
  const std::int64_t yes = tally.approve + tally.approve_with_comments;
  return yes * rule.approve_den >= static_cast<std::int64_t>(rule.approve_num) * cast &&
         tally.disapprove * rule.disapprove_den <= static_cast<std::int64_t>(rule.disapprove_num) * cast;
}

std::string describe_rule(const BallotRule& rule, bool zh) {
  const std::string a = std::to_string(rule.approve_num) + "/" + std::to_string(rule.approve_den);
  const std::string d = std::to_string(rule.disapprove_num) + "/" + std::to_string(rule.disapprove_den);
  if (zh) return "有效票中赞成票不少于 " + a + "，且反对票不超过 " + d + " 时通过；弃权票不计入有效票";
  return "approved when at least " + a + " of the votes cast approve and at most " + d + " disapprove; abstentions are not counted";
}

}  // namespace aigc
