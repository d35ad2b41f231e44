// Keeps a server-rendered page up to date without reloading it: listens to Server-Sent Events and, on
// each (at most every 200 ms), fetches the changed part of the page again from the server. The element
// with data-live-fragment says what to fetch, data-live-events where to listen, data-live-names which
// event names matter (comma-separated) and data-live-refresh-seconds how often to refresh regardless
// (so that "waited for" times move on). data-live-seen counts the events received.
(function () {
  var root = document.querySelector('[data-live-fragment]');
  if (!root) { return; }
  var live = document.getElementById('live');
  var scheduled = false;
  var again = false;
  // One fetch at a time; a change that arrives while one is on its way fetches once more after it, so the page
  // never stays behind the last event.
  function refresh() {
    if (scheduled) { again = true; return; }
    scheduled = true;
    again = false;
    setTimeout(function () {
      function done() { scheduled = false; if (again) { refresh(); } }
      fetch(root.dataset.liveFragment, { credentials: 'same-origin' })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) { if (html !== null) { root.innerHTML = html; } done(); })
        .catch(done);
    }, 200);
  }
  var source = new EventSource(root.dataset.liveEvents);
  source.onopen = function () { if (live) { live.textContent = 'live'; live.className = 'awsam-live on'; } };
  source.onerror = function () { if (live) { live.textContent = 'reconnecting'; live.className = 'awsam-live'; } };
  function changed() {
    root.dataset.liveSeen = String(parseInt(root.dataset.liveSeen || '0', 10) + 1);
    refresh();
  }
  (root.dataset.liveNames || 'message').split(',').forEach(function (name) { source.addEventListener(name, changed); });
  var every = parseInt(root.dataset.liveRefreshSeconds || '0', 10);
  if (every > 0) { setInterval(refresh, every * 1000); }
})();
