#include "domain/notifications/notification.hpp"

namespace aigc {

const char* to_string(Delivery d) {
  switch (d) {
    case Delivery::in_site: return "in_site";
    case Delivery::email_now: return "email_now";
    case Delivery::email_digest: return "email_digest";
    case Delivery::off: return "off";
  }
  return "in_site";
}

std::optional<Delivery> parse_delivery(const std::string& text) {
  for (auto d : {Delivery::in_site, Delivery::email_now, Delivery::email_digest, Delivery::off})
    if (text == to_string(d)) return d;
  return std::nullopt;
}

const std::vector<NotificationKind>& notification_kinds() {
  static const std::vector<NotificationKind> kinds = {
      {"team_invite", "competitions", Delivery::email_now, "{team} invited you to join their team in {competition}",
       "{team} 邀请你加入其在「{competition}」中的团队"},
      {"team_merge_request", "competitions", Delivery::email_now, "Team {team} asks to merge into your team in {competition}",
       "团队 {team} 请求并入你在「{competition}」中的团队"},
      {"submission_scored", "competitions", Delivery::in_site, "Your submission to {competition} ({phase}) scored {score}",
       "你在「{competition}」（{phase}）的提交得分 {score}"},
      {"submission_failed", "competitions", Delivery::email_now, "Your submission to {competition} ({phase}) failed: {error}",
       "你在「{competition}」（{phase}）的提交评分失败：{error}"},
      {"board_revealed", "competitions", Delivery::email_now, "The private leaderboard of {competition} ({phase}) is revealed",
       "「{competition}」（{phase}）的私有排行榜已公布"},
      {"phase_closing", "competitions", Delivery::email_digest, "{phase} of {competition} closes in less than a day",
       "「{competition}」的 {phase} 阶段将在一天内结束"},
      {"coauthor_request", "research", Delivery::email_now, "@{handle} named you as an author of “{paper}”: confirm or decline",
       "@{handle} 将你列为《{paper}》的作者：请确认或拒绝"},
      {"topic_reply", "discussions", Delivery::in_site, "@{handle} replied in “{topic}”", "@{handle} 回复了「{topic}」"},
      {"mention", "discussions", Delivery::in_site, "@{handle} mentioned you in “{topic}”", "@{handle} 在「{topic}」中提到了你"},
      {"post_voted", "discussions", Delivery::in_site, "@{handle} voted for your post in “{topic}”",
       "@{handle} 赞同了你在「{topic}」中的帖子"},
      {"paper_voted", "research", Delivery::in_site, "@{handle} voted for your paper “{paper}”", "@{handle} 赞同了你的论文《{paper}》"},
      {"new_follower", "discussions", Delivery::in_site, "@{handle} follows you now", "@{handle} 关注了你"},
      {"followed_activity", "discussions", Delivery::email_digest, "@{handle} posted in “{topic}” ({what})",
       "@{handle} 在「{topic}」中发帖（{what}）"},
      {"event_registration", "events", Delivery::email_now, "{event}: your registration ({ticket}) is {status}",
       "「{event}」：你的报名（{ticket}）状态为 {status}"},
      {"event_seat_offer", "events", Delivery::email_now, "{event}: a seat ({ticket}) is yours if you accept it by {until}",
       "「{event}」：有一个名额（{ticket}）留给你，请在 {until} 前接受"},
      {"event_talk_changed", "events", Delivery::in_site, "{event}: “{talk}” in your agenda changed", "「{event}」：你日程中的「{talk}」有变动"},
      {"event_cancelled", "events", Delivery::email_now, "{event} is cancelled", "「{event}」已取消"},
      {"event_proposal_decided", "events", Delivery::email_now, "{event}: your proposal “{proposal}” is {status}",
       "「{event}」：你的投稿「{proposal}」结果为 {status}"},
      {"standard_version", "standards", Delivery::in_site, "{standard}: version {version} is saved", "「{standard}」：已保存第 {version} 版"},
      {"standard_review", "standards", Delivery::email_now, "{standard}: public review {what} ({until})",
       "「{standard}」：公开征求意见{what}（{until}）"},
      {"standard_ballot", "standards", Delivery::email_now, "{standard}: a ballot {what} ({until})", "「{standard}」：投票{what}（{until}）"},
      {"standard_comment_disposed", "standards", Delivery::in_site, "{standard}: your comment on {clause} is {disposition}",
       "「{standard}」：你对 {clause} 的意见处理结果为 {disposition}"},
      {"talent_contact", "talent", Delivery::email_now, "{organization} would like to contact you: {message}",
       "{organization} 希望与你联系：{message}"},
      {"talent_contact_answered", "talent", Delivery::email_now, "@{handle} {answer} the request from {organization} to contact them",
       "@{handle}{answer}了 {organization} 的联系请求"},
      {"learning_completed", "talent", Delivery::in_site, "You completed the learning path “{path}”: your certificate is ready",
       "你已完成学习路径「{path}」，证书已颁发"},
  };
  return kinds;
}

const NotificationKind* find_notification_kind(const std::string& code) {
  for (const auto& k : notification_kinds())
    if (k.code == code) return &k;
  return nullptr;
}

std::string notification_title(const std::string& kind, const std::string& lang, const nlohmann::json& params) {
  const auto* k = find_notification_kind(kind);
  if (!k) return kind;
  bool zh = lang == "zh-CN";
  const std::string& text = zh ? k->zh : k->en;
  auto value = [&](const std::string& name) -> std::string {
    for (const auto& key : {name + (zh ? "_zh" : "_en"), name + (zh ? "_en" : "_zh"), name}) {
      auto it = params.find(key);
      if (it == params.end()) continue;
      auto v = it->is_string() ? it->get<std::string>() : it->dump();
      if (!v.empty()) return v;
    }
    return "";
  };
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find('{', pos);
    auto close = open == std::string::npos ? open : text.find('}', open);
    if (close == std::string::npos) break;
    out += text.substr(pos, open - pos) + value(text.substr(open + 1, close - open - 1));
    pos = close + 1;
  }
  return out + text.substr(pos);
}

}  // namespace aigc
