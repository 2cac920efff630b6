// Browser test in Debian's chromium (playwright-core, never a downloaded browser):
// a newcomer registers, signs out and in, switches language, reads the introduction, joins
// the demo challenge, submits and watches the leaderboard update live.
// Usage: node e2e.mjs /path/to/aigc /path/to/source. Screenshots go to test-artifacts/.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const [aigc, source] = process.argv.slice(2);
const artifacts = join(source, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

const freePort = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

const dir = mkdtempSync(join(tmpdir(), 'aigc-browser-'));
const db = `sqlite://${dir}/aigc.db`;
const web = join(source, 'web');
// No mail relay here: the server writes its mails to this folder, as `make run` does.
const mailDir = join(dir, 'mail');
const env = { ...process.env, AIGC_LOG_LEVEL: 'warn', AIGC_BLOB_DIR: join(dir, 'blobs'), AIGC_MAIL_DIR: mailDir, AIGC_WORKER_POLL_MS: '50' };

// The link under `prefix` in the newest mail to `to`, decoded from its base64 text part.
async function mailedLink(to, prefix) {
  for (let i = 0; i < 100; i++) {
    const files = existsSync(mailDir) ? readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort().reverse() : [];
    for (const f of files) {
      const raw = readFileSync(join(mailDir, f), 'utf8');
      if (!raw.includes(`To: <${to}>`)) continue;
      const part = raw.split('Content-Type: text/plain; charset=UTF-8')[1].split('\r\n\r\n')[1].split('--')[0];
      const text = Buffer.from(part.replace(/\s+/g, ''), 'base64').toString('utf8');
      const m = text.match(new RegExp(`https?://[^/\\s]+(${prefix}[^\\s]+)`));
      if (m) return m[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} with a ${prefix} link`);
}
execFileSync(aigc, ['seed', '--demo', '--db', db, '--web-root', web, '--admin-password', 'browser-admin-pass',
  '--content', join(source, 'content', 'pages')], { stdio: 'inherit', env });
const port = await freePort();
const server = spawn(aigc, ['serve', '--db', db, '--port', String(port), '--web-root', web],
  { stdio: 'inherit', env });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not up yet */ }
  if (i > 100) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let passed = 0, failed = 0;
async function step(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { failed++; console.log(`not ok - ${name}\n${e.stack}`); }
}

try {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Shanghai', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const handle = `newcomer${Date.now() % 100000}`;

  await step('register', async () => {
    await page.goto(`${base}/register`);
    await page.fill('input[name=handle]', handle);
    await page.fill('input[name=email]', `${handle}@example.org`);
    await page.fill('input[name=password]', 'a long enough password');
    await page.fill('input[name=display_name]', 'New Comer');
    await page.selectOption('select[name=country]', 'KE');
    await page.click('form.stacked button[type=submit]');
    assert.match(await page.textContent('[data-testid=check-mail]'), new RegExp(`${handle}@example.org`));
    await page.goto(`${base}${await mailedLink(`${handle}@example.org`, '/verify/')}`);
    await page.click('[data-testid=confirm-link]');
    await page.waitForURL(`${base}/members/${handle}?welcome=1`);
    assert.match(await page.textContent('h1'), /New Comer/);
    assert.match(await page.textContent('main'), /Kenya/);
  });

  await step('sign out and sign in again', async () => {
    await page.click('header form.inline button');
    await page.waitForURL(`${base}/`);
    assert.equal(await page.locator('[data-testid=me]').count(), 0);
    await page.goto(`${base}/login`);
    await page.fill('input[name=login]', handle);
    await page.fill('input[name=password]', 'a long enough password');
    await page.click('form.stacked button[type=submit]');
    await page.waitForURL(`${base}/`);
    assert.equal(await page.textContent('[data-testid=me]'), 'New Comer');
  });

  await step('switch to Chinese and back', async () => {
    await page.click('[data-testid=lang-zh]');
    await page.waitForLoadState();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.match(await page.textContent('nav.areas'), /竞赛/);
  });

  await step('read the introduction page with its table of contents', async () => {
    await page.goto(`${base}/pages/introduction`);
    assert.equal(await page.textContent('article h1'), '介绍页');
    const toc = await page.locator('[data-testid=toc] li').allTextContents();
    assert.ok(toc.includes('一 AIGC 的概述'), `toc was ${toc}`);
    // Two essays, two lists: each counts from 一 and none shows a number twice.
    const parts = await page.locator('[data-testid=toc-part]').count();
    assert.equal(parts, 2);
    for (let i = 0; i < parts; ++i) {
      const numbers = await page.locator('[data-testid=toc-part]').nth(i).locator('.toc-num').allTextContents();
      assert.equal(new Set(numbers).size, numbers.length, `part ${i + 1} numbered ${numbers}`);
    }
    await page.click('[data-testid=toc] a >> text=AIGC 的概述');
    assert.match(page.url(), /#/);
    // The GitBook cover and icon: a picture that loaded, an inline icon.
    assert.ok(await page.evaluate(() => document.querySelector('[data-testid=page-cover]').naturalWidth > 0), 'the cover loaded');
    assert.equal(await page.locator('[data-testid=page-icon] svg').count(), 1);
    await page.screenshot({ path: join(artifacts, 'introduction-zh.png'), fullPage: false });
    await page.click('[data-testid=lang-en]');
    await page.waitForLoadState();
    await page.goto(`${base}/pages/introduction`);
    assert.equal(await page.textContent('article h1'), 'Introduction');
    await page.screenshot({ path: join(artifacts, 'introduction-en.png'), fullPage: false });
  });

  await step('join the demo challenge; a wrong file shows its line numbers', async () => {
    await page.goto(`${base}/competitions/ai-challenger-demo`);
    await page.click('[data-testid=join-link]');
    await page.click('[data-testid=join]');
    await page.waitForURL(`${base}/competitions/ai-challenger-demo/team`);
    assert.equal(await page.textContent('[data-testid=team-name]'), handle);
    await page.goto(`${base}/competitions/ai-challenger-demo/submissions`);
    await page.setInputFiles('input[name=file]', { name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('id,label\nimg-10000,forest\nimg-10000,street\n') });
    await page.click('[data-testid=submit]');
    await page.waitForSelector('[data-testid=file-errors]');
    assert.match(await page.textContent('[data-testid=file-errors]'), /wrong\.csv:3/);
  });

  await step('submit from the browser: the leaderboard in another tab updates without a reload', async () => {
    const board = await context.newPage();
    await board.goto(`${base}/competitions/ai-challenger-demo/leaderboard`);
    const before = await board.locator('[data-testid=leaderboard] tbody tr').count();
    await board.evaluate(() => { window.__notReloaded = true; });
    const sample = await (await fetch(`${base}/competitions/ai-challenger-demo/files/sample_submission.csv`)).text();
    await page.setInputFiles('input[name=file]', { name: 'sample.csv', mimeType: 'text/csv', buffer: Buffer.from(sample) });
    await page.click('[data-testid=submit]');
    await page.waitForURL(/\/submissions\/[A-Za-z0-9_-]+$/);
    await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent.trim() === 'scored', null, { timeout: 15000 });
    await board.waitForFunction((n) => document.querySelectorAll('[data-testid=leaderboard] tbody tr').length === n + 1, before, { timeout: 15000 });
    assert.equal(await board.evaluate(() => window.__notReloaded), true);
    assert.match(await board.textContent('[data-testid=leaderboard]'), new RegExp(handle));
    await board.screenshot({ path: join(artifacts, 'leaderboard-en.png'), fullPage: true });
    await page.goto(`${base}/competitions/ai-challenger-demo/submissions`);
    await page.screenshot({ path: join(artifacts, 'submissions-en.png'), fullPage: true });
    await board.close();
  });

  await step('search from the header box: a two-character Chinese word, then its traditional form', async () => {
    await page.goto(`${base}/`);
    await page.fill('[data-testid=site-search]', '场景');
    await page.press('[data-testid=site-search]', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    const hit = page.locator('[data-testid=search-results] a[href="/competitions/ai-challenger-demo"]');
    assert.equal(await hit.count(), 1, 'the demo challenge is found');
    assert.ok((await page.locator('[data-testid=search-results] mark').allTextContents()).some((t) => t.includes('场景')), 'the word is marked');
    await page.fill('[data-testid=search-q]', '場景分類');
    await page.press('[data-testid=search-q]', 'Enter');
    await page.waitForURL(/q=%E5%A0%B4/);
    assert.equal(await page.locator('[data-testid=search-results] a[href="/competitions/ai-challenger-demo"]').count(), 1,
      'the traditional form finds it too');
    await page.screenshot({ path: join(artifacts, 'search.png'), fullPage: true });
  });

  await step('usable on a phone without JavaScript', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false, locale: 'zh-CN' });
    const p = await phone.newPage();
    await p.goto(`${base}/competitions/ai-challenger-demo/leaderboard`);
    assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
    assert.ok((await p.locator('[data-testid=leaderboard] tr').count()) > 3, 'the board is there without scripts');
    await phone.close();
  });

  await step('no page is wider than a 390px phone, and table cells keep their words', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const p = await phone.newPage();
    for (const path of ['/', '/competitions', '/competitions/ai-challenger-demo', '/competitions/ai-challenger-demo/leaderboard',
      '/members', '/organizations', '/pages/introduction', '/api', '/login', '/register', '/search?q=%E5%A4%A7%E5%AD%A6', '/research', '/research/papers/1',
      '/discussions', '/discussions/t/1', '/competitions/ai-challenger-demo/discussion', '/discussions/posts/2/revisions',
      '/events', '/events/ai-frontiers-2026', '/events/ai-frontiers-2026/programme', '/events/beijing-nlp-meetup-12',
      '/talent', '/talent?category=competitions', '/talent/rules', '/learn', '/learn/computer-vision-from-scratch', '/opportunities',
      '/competitions/playground-handwritten-digits']) {
      await p.goto(`${base}${path}`);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${path} is ${width}px wide on a 390px phone`);
      // No cell squeezed to a character or two a line.
      const squeezed = await p.evaluate(() => [...document.querySelectorAll('td')]
        .filter((td) => td.getClientRects().length > 0 && td.textContent.trim().length > 3 && td.getBoundingClientRect().width < 28).length);
      assert.equal(squeezed, 0, `${path} has ${squeezed} table cells squeezed to a character a line`);
    }
    await p.goto(`${base}/competitions/ai-challenger-demo/leaderboard`);
    await p.screenshot({ path: join(artifacts, 'leaderboard-phone.png'), fullPage: true });
    await phone.close();
  });

  await step('the bell counts a new notification and the list opens it', async () => {
    // The submission above was scored: that is a notification in the site.
    await page.goto(`${base}/`);
    assert.ok(Number(await page.textContent('[data-testid=unread]')) >= 1);
    await page.click('[data-testid=bell]');
    await page.waitForURL(`${base}/notifications`);
    await page.click('[data-testid=notifications] li button');
    await page.waitForURL(/\/submissions\//);
    await page.goto(`${base}/settings/notifications`);
    await page.selectOption('[data-testid=pref-submission_scored]', 'off');
    await page.click('form.stacked button[type=submit]');
    await page.waitForURL(`${base}/settings/notifications?saved=1`);
  });
  await step('math in a post is typeset by KaTeX, served from this site', async () => {
    await page.goto(`${base}/discussions/t/1`);
    await page.waitForSelector('.math .katex', { timeout: 5000 });
    assert.ok(await page.locator('.math .katex').count() >= 1);
  });

  await step('post a topic in Chinese, another member finds it by two characters and mentions the author, the bell rings', async () => {
    await page.goto(`${base}/discussions`);
    await page.click('[data-testid=new-topic]');
    await page.fill('[data-testid=topic-title]', '用鹦鹉的叫声训练语音模型');
    await page.fill('[data-testid=topic-body]', '我们录了三百小时的鹦鹉叫声，想请教数据清洗的办法。');
    await page.selectOption('[data-testid=topic-category]', 'field-speech');
    await page.click('[data-testid=topic-submit]');
    await page.waitForURL(/\/discussions\/t\/\d+$/);
    const topicUrl = page.url();
    const unread = async () => Number((await page.locator('[data-testid=unread]').allTextContents())[0] || 0);
    const before = await unread();

    const other = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const q = await other.newPage();
    await q.goto(`${base}/login`);
    await q.fill('input[name=login]', 'aigc-admin');
    await q.fill('input[name=password]', 'browser-admin-pass');
    await q.click('form.stacked button[type=submit]');
    await q.waitForURL(`${base}/`);
    await q.fill('[data-testid=site-search]', '鹦鹉');
    await q.press('[data-testid=site-search]', 'Enter');
    await q.waitForURL(/\/search\?q=/);
    const hit = q.locator(`[data-testid=search-results] a[href="${new URL(topicUrl).pathname}"]`);
    assert.equal(await hit.count(), 1, 'the new topic is found at once');
    await hit.click();
    await q.fill('[data-testid=reply-body]', `@${handle} 可以先用能量阈值切掉静音段。`);
    await q.click('[data-testid=reply-submit]');
    await q.waitForURL(/#p2$/);
    assert.match(await q.textContent('#p2'), new RegExp(`@${handle}`));
    await q.screenshot({ path: join(artifacts, 'topic-zh.png'), fullPage: true });
    await other.close();

    await page.goto(topicUrl);
    assert.ok(await unread() >= before + 1, 'the bell counts the mention');
    await page.click('[data-testid=bell]');
    await page.waitForURL(`${base}/notifications`);
    assert.match(await page.textContent('[data-testid=notifications]'), /@aigc-admin mentioned you/);
  });
  await step('register for the demo conference, see the ticket QR code, get checked in at the door, star a talk', async () => {
    await page.goto(`${base}/events/ai-frontiers-2026`);
    await page.check('[data-testid=register-form] input[name=ticket_type][value=regular]');
    await page.selectOption('[data-testid=register-form] select', 'Vegetarian');
    await page.click('[data-testid=register]');
    await page.waitForURL(/\/events\/ai-frontiers-2026\/registration$/);
    assert.match(await page.textContent('[data-testid=registration-status]'), /Confirmed|已确认/);
    await page.click('[data-testid=show-ticket]');
    await page.waitForSelector('[data-testid=ticket-qr] svg.qr');
    const box = await page.locator('[data-testid=ticket-qr] svg').boundingBox();
    assert.ok(box.width > 150, 'the QR code is big enough to scan');
    const token = (await page.textContent('[data-testid=ticket-token]')).trim();
    assert.match(token, /^T1\./);
    await page.screenshot({ path: join(artifacts, 'ticket.png'), fullPage: true });

    const staff = await browser.newContext({ locale: 'en-US' });
    const s = await staff.newPage();
    await s.goto(`${base}/login`);
    await s.fill('input[name=login]', 'aigc-admin');
    await s.fill('input[name=password]', 'browser-admin-pass');
    await s.click('form.stacked button[type=submit]');
    await s.waitForURL(`${base}/`);
    await s.goto(`${base}/events/ai-frontiers-2026/checkin`);
    await s.fill('[data-testid=token-input]', token);
    await s.press('[data-testid=token-input]', 'Enter');
    await s.waitForFunction(() => document.querySelector('[data-testid=scan-result]').textContent.includes(`@`) ||
      document.querySelector('[data-testid=scan-result]').textContent.length > 3);
    const first = await s.textContent('[data-testid=scan-result]');
    assert.doesNotMatch(first, /已于|already/, `the first scan checks in: ${first}`);
    await s.fill('[data-testid=token-input]', token);
    await s.press('[data-testid=token-input]', 'Enter');
    await s.waitForFunction((prev) => document.querySelector('[data-testid=scan-result]').textContent !== prev, first);
    assert.match(await s.textContent('[data-testid=scan-result]'), /已于|already/, 'the second scan says when it was');
    await s.screenshot({ path: join(artifacts, 'checkin.png'), fullPage: true });
    await staff.close();

    await page.goto(`${base}/events/ai-frontiers-2026/programme`);
    await page.click('[data-testid=timetable] a >> nth=1');
    await page.waitForURL(/\/talks\/\d+$/);
    const title = (await page.textContent('[data-testid=talk] h2')).trim();
    await page.click('[data-testid=star]');
    await page.waitForSelector('[data-testid=unstar]');
    await page.goto(`${base}/events/ai-frontiers-2026/agenda`);
    assert.match(await page.textContent('[data-testid=agenda-list]'), new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
  await step('comment on a clause of the draft in public review and see the comment anchored to it', async () => {
    await page.goto(`${base}/standards`);
    await page.click('[data-testid=draft-card] a:has-text("Evaluation reports")');
    await page.waitForURL(/\/standards\/\d+$/);
    const clause = page.locator('[data-testid=clause][data-clause="3.1"]');
    const anchor = await clause.getAttribute('id');
    await clause.locator('[data-testid=comment-on-clause]').click();
    await clause.locator('select[name=type]').selectOption('editorial');
    await clause.locator('[data-testid=comment-body]').fill('Say "benchmark version" as in clause 2.1.');
    await clause.locator('[data-testid=comment-submit]').click();
    await page.waitForURL(new RegExp(`#${anchor}$`));
    const comments = await page.textContent(`[id="${anchor}"] [data-testid=clause-comments]`);
    assert.match(comments, /benchmark version/);
    assert.match(comments, new RegExp(handle));
    await page.screenshot({ path: join(artifacts, 'standard-comment.png'), fullPage: false });
  });
  await step('the rankings by country, a medallist\'s achievements, and hiding a section of one\'s own', async () => {
    await page.goto(`${base}/talent?category=competitions`);
    await page.selectOption('[data-testid=talent-country]', 'CN');
    await page.click('[data-testid=talent-filters] button[type=submit]');
    await page.waitForURL(/country=CN/);
    const rows = page.locator('[data-testid=ranking-row]');
    assert.ok((await rows.count()) > 0, 'members from China are ranked');
    assert.equal(await rows.first().locator('td').first().textContent(), '1');
    await rows.first().locator('a').first().click();
    await page.waitForURL(/\/members\//);
    assert.ok((await page.locator('[data-testid=medal-list] li').count()) > 0, 'the medallist\'s medals are listed');
    assert.match(await page.textContent('[data-testid=tier-competitions]'), /Contributor|Expert|Master|Grandmaster|贡献者|专家|大师/);
    await page.screenshot({ path: join(artifacts, 'achievements.png'), fullPage: true });
    await page.goto(`${base}/members/${handle}`);
    await page.check('[data-testid=hide-sections] input[value=history]');
    await page.click('[data-testid=hide-sections] button[type=submit]');
    await page.waitForURL(/#achievements$/);
    assert.ok(await page.isChecked('[data-testid=hide-sections] input[value=history]'), 'the choice is kept');
  });
  await step('enrol in a learning path, mark a reading step, and say one is open to opportunities', async () => {
    await page.goto(`${base}/learn`);
    await page.click('[data-testid=learning-path-card] a[href="/learn/computer-vision-from-scratch"]');
    await page.waitForURL(/\/learn\/computer-vision-from-scratch$/);
    await page.click('[data-testid=learning-enrol]');
    await page.waitForSelector('[data-testid=learning-progress]');
    await page.locator('[data-testid=step-read]').first().click();
    await page.waitForSelector('[data-testid=step-passed]');
    assert.match(await page.textContent('[data-testid=learning-progress]'), /1/);
    await page.screenshot({ path: join(artifacts, 'learning-path.png'), fullPage: true });
    await page.goto(`${base}/settings/talent-pool`);
    await page.check('[data-testid=pool-open]');
    await page.fill('[data-testid=pool-languages]', 'zh, en');
    await page.click('[data-testid=pool-save]');
    await page.waitForURL(/\/settings\/talent-pool$/);
    assert.ok(await page.isChecked('[data-testid=pool-open]'), 'the choice is kept');
    await page.goto(`${base}/opportunities`);
    await page.locator('[data-testid=opportunity-card] a').first().click();
    await page.click('[data-testid=opportunity-save]');
    await page.waitForSelector('[data-testid=opportunity-unsave]');
  });
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
