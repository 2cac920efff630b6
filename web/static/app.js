// Progressive enhancement only: every page works without this file.
(function () {
  // Remember the browser's time zone so dates show in local time for visitors too.
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf('tz=') === -1) {
      document.cookie = 'tz=' + encodeURIComponent(tz) + '; Path=/; Max-Age=31536000; SameSite=Lax';
    }
  } catch (e) { /* old browser: server shows UTC */ }
})();
