// Progressive enhancement only: every page works without this file.
(function () {
  // Remember the browser's time zone so dates show in local time for visitors too.
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf('tz=') === -1) {
      document.cookie = 'tz=' + encodeURIComponent(tz) + '; Path=/; Max-Age=31536000; SameSite=Lax';
    }
  } catch (e) { /* old browser: server shows UTC */ }

  // Math: KaTeX typesets the TeX the server left in <span class="math"> (loaded only on
  // pages that have some); without it the reader sees the TeX.
  if (window.renderMathInElement) {
    Array.prototype.forEach.call(document.querySelectorAll('.math'), function (el) {
      window.renderMathInElement(el, {
        delimiters: [{ left: '$$', right: '$$', display: true }, { left: '$', right: '$', display: false }],
        throwOnError: false
      });
    });
  }

  // Live regions: an element with data-live="<event stream URL>" is refreshed in place
  // when the stream reports a board version other than the one it was rendered at.
  if (!window.EventSource || !window.fetch || !window.DOMParser) return;
  var regions = document.querySelectorAll('[data-live]');
  Array.prototype.forEach.call(regions, function (region) {
    if (!region.id) return;
    var source = new EventSource(region.getAttribute('data-live'));
    var refreshing = false;
    source.addEventListener('board', function (event) {
      var version;
      try { version = String(JSON.parse(event.data).version); } catch (e) { return; }
      var current = document.getElementById(region.id);
      if (!current || refreshing || current.getAttribute('data-live-version') === version) return;
      refreshing = true;
      fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          refreshing = false;
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, 'text/html').getElementById(region.id);
          var now = document.getElementById(region.id);
          if (fresh && now) {
            fresh.setAttribute('data-live-version', version);
            now.replaceWith(fresh);
          }
        })
        .catch(function () { refreshing = false; });
    });
  });
})();
