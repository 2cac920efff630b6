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

  // Print buttons (tickets, certificates, badges) and forms that ask before they act.
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-print]');
    if (button) window.print();
  });
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) event.preventDefault();
  });

  // The check-in desk: scan a ticket's QR code with the camera where the browser has a
  // BarcodeDetector, check its Ed25519 signature on the device where WebCrypto can, then
  // record the check-in; typed codes and the per-person buttons go the same way. Without
  // this script the forms post and the page reloads.
  var desk = document.querySelector('[data-checkin]');
  if (desk && window.fetch) {
    var result = desk.querySelector('[data-scan-result]');
    var csrf = (desk.querySelector('input[name=csrf]') || {}).value || '';
    var show = function (text, ok) {
      result.textContent = text;
      result.className = 'notice ' + (ok ? 'ok' : 'error-message');
    };
    var b64 = function (text) {
      var s = text.replace(/-/g, '+').replace(/_/g, '/');
      while (s.length % 4) s += '=';
      var raw = atob(s), out = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
      return out;
    };
    // true, false, or null when this browser cannot tell.
    var verify = function (token) {
      var parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== 'T1' || !window.crypto || !crypto.subtle) return Promise.resolve(parts.length === 3 ? null : false);
      var signed = new TextEncoder().encode('T1.' + new TextDecoder().decode(b64(parts[1])));
      return crypto.subtle.importKey('raw', b64(desk.getAttribute('data-public-key')), { name: 'Ed25519' }, false, ['verify'])
        .then(function (key) { return crypto.subtle.verify({ name: 'Ed25519' }, key, b64(parts[2]), signed); })
        .catch(function () { return null; });
    };
    var record = function (fields) {
      var body = new URLSearchParams(fields);
      body.set('csrf', csrf);
      return fetch(desk.getAttribute('data-checkin'), {
        method: 'POST', credentials: 'same-origin', body: body,
        headers: { 'Accept': 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }
      }).then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) { show((j.error && j.error.message) || String(r.status), false); return false; }
          show(j.message, j.first);
          return true;
        });
      }).catch(function () { show('offline: not recorded', false); return false; });
    };
    var check_token = function (token) {
      token = token.trim();
      return verify(token).then(function (valid) {
        if (valid === false) { show('✗ ' + token.slice(0, 12) + '…', false); return false; }
        return record({ token: token });
      });
    };
    Array.prototype.forEach.call(desk.querySelectorAll('[data-token-form], [data-checkin-form]'), function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var token = form.querySelector('input[name=token]');
        var done = token ? check_token(token.value) : record({ id: form.querySelector('input[name=id]').value });
        done.then(function (ok) {
          if (ok && !token) form.replaceWith(document.createTextNode('✓'));
          if (token) { token.value = ''; token.focus(); }
        });
      });
    });
    // Live counts: other desks check people in too; the counts follow within seconds.
    var counts = desk.querySelector('[data-testid=live-counts]');
    if (counts && window.DOMParser) {
      setInterval(function () {
        if (document.hidden) return;
        fetch(location.pathname, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
          .then(function (r) { return r.ok ? r.text() : null; })
          .then(function (html) {
            var fresh = html && new DOMParser().parseFromString(html, 'text/html').querySelector('[data-testid=live-counts]');
            if (fresh) counts.innerHTML = fresh.innerHTML;
          }).catch(function () {});
      }, 5000);
    }
    var scan = desk.querySelector('[data-scan]');
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices) {
      scan.hidden = true;
    } else {
      scan.addEventListener('click', function () {
        var video = desk.querySelector('[data-scan-video]');
        var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
        var last = '', busy = false;
        navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
          video.srcObject = stream;
          video.hidden = false;
          video.play();
          var tick = function () {
            if (!busy && video.readyState >= 2) {
              busy = true;
              detector.detect(video).then(function (codes) {
                var code = codes.length ? codes[0].rawValue : '';
                if (code && code !== last) { last = code; return check_token(code); }
              }).finally(function () { busy = false; });
            }
            requestAnimationFrame(tick);
          };
          tick();
        }).catch(function (e) { show(String(e), false); });
      });
    }
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

// Standards: words selected in a clause's text fill that clause's comment form as the
// quoted passage (the form works without this: the passage can be pasted).
(function () {
  document.addEventListener('mouseup', function () {
    var sel = window.getSelection && window.getSelection();
    if (!sel || sel.isCollapsed) return;
    var text = sel.toString().replace(/\s+/g, ' ').trim();
    if (!text || text.length > 2000) return;
    var node = sel.anchorNode && (sel.anchorNode.nodeType === 1 ? sel.anchorNode : sel.anchorNode.parentElement);
    var clause = node && node.closest('.standard .clause');
    if (!clause || node.closest('form, .comments')) return;
    var input = clause.querySelector('.comment-form .passage-input');
    if (!input) return;
    input.value = text;
    var details = input.closest('details');
    if (details) details.open = true;
  });
})();

// A file input with data-fill="ID" loads a UTF-8 text file into the textarea ID (the
// standards' texts): the form posts the text as if it were typed.
(function () {
  document.querySelectorAll('input[type=file][data-fill]').forEach(function (input) {
    input.addEventListener('change', function () {
      var target = document.getElementById(input.getAttribute('data-fill'));
      var file = input.files && input.files[0];
      if (!target || !file) return;
      file.text().then(function (text) { target.value = text; });
    });
  });
})();
