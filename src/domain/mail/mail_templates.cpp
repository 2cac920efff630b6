#include "domain/mail/mail_templates.hpp"

#include <stdexcept>
#include <vector>

#include "core/text.hpp"

namespace aigc {

namespace {

struct Words {
  std::string subject;
  std::vector<std::string> paragraphs;
  std::string action_label;  // a button (HTML) or a line (text) that opens {{link}}
  std::string note;          // small print under the action
};

struct Template {
  Words en, zh;
};

// {{items}} is a list: one entry per line, shown as a bulleted list.
const std::map<std::string, Template>& templates() {
  static const std::map<std::string, Template> t = {
      {"verify_registration",
       {{"Confirm your e-mail address for AIGC Hub",
         {"Hello {{handle}},", "Thank you for joining AIGC Hub. Confirm this address to finish creating your account."},
         "Confirm and sign in",
         "The link works once and for 48 hours. If you did not register, ignore this mail: no account is created."},
        {"确认你在 AIGC Hub 的电子邮箱",
         {"{{handle}}，你好：", "感谢加入 AIGC Hub。请确认此邮箱地址以完成注册。"},
         "确认并登录",
         "链接仅可使用一次，48 小时内有效。如果你没有注册，请忽略本邮件：账号不会被创建。"}}},
      {"registration_exists",
       {{"Someone tried to register with your address",
         {"Hello {{handle}},",
          "Someone (perhaps you) tried to create a new AIGC Hub account with this e-mail address. It already belongs to "
          "your account {{handle}}, so no new account was made.",
          "If it was you, sign in instead. If you forgot your password, you can reset it from the sign-in page."},
         "Sign in",
         "If it was not you, you need do nothing: your account is unchanged."},
        {"有人尝试用你的邮箱注册",
         {"{{handle}}，你好：", "有人（也许是你）尝试用此邮箱地址注册新的 AIGC Hub 账号。该地址已属于你的账号 {{handle}}，因此没有创建新账号。",
          "如果是你本人，请直接登录；如果忘记了密码，可以在登录页重置。"},
         "登录",
         "如果不是你本人，无需任何操作：你的账号没有变化。"}}},
      {"confirm_email",
       {{"Confirm your new e-mail address",
         {"Hello {{handle}},", "You asked to use this address for your AIGC Hub account. Confirm it to make the change."},
         "Confirm this address",
         "The link works once and for 48 hours. Until you confirm, your account keeps its current address."},
        {"确认你的新邮箱地址",
         {"{{handle}}，你好：", "你申请将此地址用于你的 AIGC Hub 账号。确认后即完成更改。"},
         "确认此地址",
         "链接仅可使用一次，48 小时内有效。确认之前，你的账号仍使用原来的地址。"}}},
      {"email_changed",
       {{"Your AIGC Hub e-mail address was changed",
         {"Hello {{handle}},", "The e-mail address of your account was changed to {{new_email}}. Mail now goes there."},
         "",
         "If you did not make this change, reset your password at once and write to the administrators."},
        {"你的 AIGC Hub 邮箱地址已更改",
         {"{{handle}}，你好：", "你账号的邮箱地址已更改为 {{new_email}}，今后的邮件将发往该地址。"},
         "",
         "如果这不是你本人的操作，请立即重置密码并联系管理员。"}}},
      {"password_reset",
       {{"Reset your AIGC Hub password",
         {"Hello {{handle}},", "Someone asked to reset the password of your account. Choose a new one here:"},
         "Choose a new password",
         "The link works once and for one hour. If you did not ask, ignore this mail: your password stays as it is."},
        {"重置你的 AIGC Hub 密码",
         {"{{handle}}，你好：", "有人申请重置你账号的密码。请在此设置新密码："},
         "设置新密码",
         "链接仅可使用一次，一小时内有效。如果不是你本人申请，请忽略本邮件：密码不会改变。"}}},
      {"password_changed",
       {{"Your AIGC Hub password was changed",
         {"Hello {{handle}},", "The password of your account was just changed, and every other session was signed out."},
         "",
         "If you did not do this, reset your password at once from the sign-in page."},
        {"你的 AIGC Hub 密码已更改",
         {"{{handle}}，你好：", "你账号的密码刚刚被更改，其他所有会话均已退出登录。"},
         "",
         "如果这不是你本人的操作，请立即在登录页重置密码。"}}},
      {"role_decided",
       {{"Your request for the {{role}} role: {{decision}}",
         {"Hello {{handle}},", "An administrator decided on your request for the {{role}} role: {{decision}}.", "{{comment}}"},
         "Open AIGC Hub",
         ""},
        {"你申请的{{role}}角色：{{decision}}",
         {"{{handle}}，你好：", "管理员已处理你申请{{role}}角色的请求：{{decision}}。", "{{comment}}"},
         "打开 AIGC Hub",
         ""}}},
      {"notification",
       {{"{{title}}", {"Hello {{handle}},", "{{title}}"}, "Open", "You get this mail because of your notification settings."},
        {"{{title}}", {"{{handle}}，你好：", "{{title}}"}, "查看", "你收到此邮件是因为你的通知设置。"}}},
      {"digest",
       {{"Your AIGC Hub digest: {{count}} new", {"Hello {{handle}},", "Since the last digest:", "{{items}}"},
         "See all notifications", "You get this daily digest because of your notification settings."},
        {"AIGC Hub 每日摘要：{{count}} 条新通知", {"{{handle}}，你好：", "自上次摘要以来：", "{{items}}"}, "查看全部通知",
         "你收到此每日摘要是因为你的通知设置。"}}},
  };
  return t;
}

std::string fill(const std::string& text, const std::map<std::string, std::string>& vars, bool html) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto open = text.find("{{", pos);
    if (open == std::string::npos) break;
    auto close = text.find("}}", open);
    if (close == std::string::npos) break;
    out += html ? html_escape(text.substr(pos, open - pos)) : text.substr(pos, open - pos);
    auto name = text.substr(open + 2, close - open - 2);
    auto it = vars.find(name);
    if (it == vars.end()) throw std::logic_error("mail placeholder {{" + name + "}} has no value");
    out += html ? html_escape(it->second) : it->second;
    pos = close + 2;
  }
  out += html ? html_escape(text.substr(pos)) : text.substr(pos);
  return out;
}

std::string items_text(const std::string& items) {
  std::string out;
  for (const auto& line : split(items, '\n'))
    if (!line.empty()) out += "- " + line + "\n";
  return out;
}

std::string items_html(const std::string& items) {
  std::string out = "<ul>";
  for (const auto& line : split(items, '\n'))
    if (!line.empty()) out += "<li>" + html_escape(line) + "</li>";
  return out + "</ul>";
}

}  // namespace

OutgoingMail compose_mail(const std::string& kind, const std::string& lang, const std::string& to,
                          const std::map<std::string, std::string>& vars) {
  auto it = templates().find(kind);
  if (it == templates().end()) throw std::logic_error("no mail template '" + kind + "'");
  const Words& w = lang == "zh-CN" ? it->second.zh : it->second.en;
  OutgoingMail m;
  m.kind = kind;
  m.to = to;
  m.subject = fill(w.subject, vars, false);
  std::string html_body;
  for (const auto& p : w.paragraphs) {
    if (p == "{{items}}") {
      m.text += items_text(vars.at("items")) + "\n";
      html_body += items_html(vars.at("items"));
      continue;
    }
    auto text = fill(p, vars, false);
    if (text.empty()) continue;  // an optional part left empty, such as a decision's comment
    m.text += text + "\n\n";
    html_body += "<p>" + fill(p, vars, true) + "</p>";
  }
  if (!w.action_label.empty()) {
    const auto& link = vars.at("link");
    m.text += w.action_label + ": " + link + "\n\n";
    html_body += "<p><a href=\"" + html_escape(link) +
                 "\" style=\"display:inline-block;padding:10px 18px;background:#1f5fbf;color:#fff;"
                 "text-decoration:none;border-radius:4px\">" +
                 html_escape(w.action_label) + "</a></p><p style=\"font-size:12px;color:#555\">" + html_escape(link) + "</p>";
  }
  if (!w.note.empty()) {
    m.text += w.note + "\n";
    html_body += "<p style=\"font-size:12px;color:#555\">" + html_escape(w.note) + "</p>";
  }
  m.text += "\n-- \nAIGC Hub\n";
  m.html = "<!doctype html><html lang=\"" + std::string(lang == "zh-CN" ? "zh-CN" : "en") +
           "\"><head><meta charset=\"utf-8\"><title>" + html_escape(m.subject) +
           "</title></head><body style=\"font-family:sans-serif;line-height:1.5;color:#222;max-width:600px\">" + html_body +
           "<p style=\"font-size:12px;color:#555\">AIGC Hub</p></body></html>";
  return m;
}

}  // namespace aigc
