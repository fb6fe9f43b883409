/*
 * The varpd page's script: draws the charts with uPlot (shipped in this bundle) and keeps the
 * page live by polling the page's small JSON documents; posts the target table's actions. The
 * server renders everything else, so without this script the page still reads correctly.
 * Every value from the server is put in with textContent, never as markup.
 */
(function () {
  'use strict';
  var root = document.getElementById('varpd');
  if (!root) { return; }
  // Absolute from the origin: a page opened as http://user:pw@host/... would make fetch refuse
  // every URL resolved against it (credentials in the URL).
  var base = window.location.origin + root.getAttribute('data-root');
  var page = root.getAttribute('data-page');
  var link = root.getAttribute('data-link');
  var REFRESH_MS = 5000;
  /** How soon a failed first request is asked again. */
  var RETRY_MS = 2000;
  var KEEP = 60;
  var COLOURS = ['#2b6cb0', '#d69e2e', '#c53030'];
  var NAMES = ['lookups/s', 'drops/s', 'errors/s'];
  var STATUS_CLASSES = ['online', 'degraded', 'waiting', 'error'];

  function byId(id) { return document.getElementById(id); }

  function getJson(url) {
    return fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body && body.error ? body.error : 'HTTP ' + r.status); }
          return body;
        });
      });
  }

  function post(fields) {
    return fetch(base + '/action.json', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-Varpd-Console': '1', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString()
    }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok || !body.ok) { throw new Error(body && body.error ? body.error : 'HTTP ' + r.status); }
        return body;
      });
    });
  }

  function setBadge(el, status) {
    if (!el) { return; }
    STATUS_CLASSES.forEach(function (c) { el.classList.remove('varpd-badge-' + c); });
    el.classList.add('varpd-badge-' + String(status).toLowerCase());
    el.textContent = status;
  }

  function clock(epochSeconds) {
    return new Date(epochSeconds * 1000).toLocaleTimeString();
  }

  function live(text, stale) {
    var el = byId('varpd-live');
    if (!el) { return; }
    el.textContent = text;
    el.classList.toggle('varpd-stale', !!stale);
  }

  /** Series of uPlot: [times, lookups/s, drops/s, errors/s]. */
  function toData(points) {
    return [points.t.slice(), points.v[0].slice(), points.v[1].slice(), points.v[2].slice()];
  }

  function append(data, t, values) {
    var n = data[0].length;
    if (n > 0 && data[0][n - 1] >= t) { return false; }
    data[0].push(t);
    for (var k = 0; k < 3; k++) { data[k + 1].push(values[k]); }
    if (data[0].length > KEEP) { data.forEach(function (a) { a.shift(); }); }
    return true;
  }

  function series(width) {
    var s = [{}];
    for (var k = 0; k < 3; k++) { s.push({ label: NAMES[k], stroke: COLOURS[k], width: width, points: { show: false } }); }
    return s;
  }

  function chart(el, data) {
    if (!window.uPlot || !el) { return null; }
    var width = Math.max(el.clientWidth || 0, 480);
    return new window.uPlot({ width: width, height: 200, series: series(2), scales: { x: { time: true } },
      axes: [{}, { label: 'per second' }] }, data, el);
  }

  function sparkline(el, data) {
    if (!window.uPlot || !el) { return null; }
    return new window.uPlot({ width: 160, height: 36, series: series(1), legend: { show: false },
      cursor: { show: false }, scales: { x: { time: true } }, axes: [{ show: false }, { show: false }] }, data, el);
  }

  function noCharts() {
    if (!window.uPlot) { live('The chart library did not load; figures still refresh.', true); }
  }

  // ---- overview --------------------------------------------------------------------------

  function overview() {
    var rows = {};
    var table = byId('varpd-overlays');
    if (table) {
      Array.prototype.forEach.call(table.querySelectorAll('tr[data-link]'), function (tr) {
        rows[tr.getAttribute('data-link')] = { tr: tr, data: null, plot: null };
      });
    }
    var total = { data: null, plot: null };
    var filter = byId('varpd-overlay-filter');
    if (filter) {
      filter.addEventListener('input', function () {
        var q = filter.value.toLowerCase();
        Object.keys(rows).forEach(function (l) {
          rows[l].tr.style.display = rows[l].tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
        });
      });
    }

    function update(doc, first) {
      var seen = 0;
      doc.o.forEach(function (o) {
        var row = rows[o.l];
        if (!row) { return; }
        seen++;
        setBadge(row.tr.querySelector('[data-testid=status-badge]'), o.s);
        var detail = row.tr.querySelector('[data-testid=status-detail]');
        if (detail) { detail.textContent = o.d; }
        var cells = row.tr.querySelectorAll('td[data-rate]');
        for (var k = 0; k < cells.length; k++) { cells[k].textContent = String(o.r[k]); }
        if (first) {
          row.data = toData(o.h);
          row.plot = sparkline(row.tr.querySelector('.varpd-spark'), row.data);
        } else if (row.data && append(row.data, doc.t, o.r) && row.plot) {
          row.plot.setData(row.data);
        }
      });
      if (first) {
        total.data = toData(doc.th);
        total.plot = chart(byId('varpd-total-chart'), total.data);
        noCharts();
      } else if (total.data && append(total.data, doc.t, doc.tot) && total.plot) {
        total.plot.setData(total.data);
      }
      if (seen !== doc.o.length || seen !== Object.keys(rows).length) {
        live('Overlays were added or removed since this page was loaded: reload it to see them.', true);
      } else {
        live('Live: updated ' + clock(doc.t) + ', every ' + REFRESH_MS / 1000 + ' s.', false);
      }
    }

    function poll() {
      getJson(base + '/overview.json').then(function (doc) { update(doc, false); })
        .catch(function (e) { live('Not updated: ' + e.message, true); })
        .then(function () { setTimeout(poll, REFRESH_MS); });
    }

    // The first answer carries the history the charts start from; until one arrives (a busy or
    // restarting server), ask for it again soon rather than polling without charts.
    function start() {
      getJson(base + '/overview.json?history=1')
        .then(function (doc) { update(doc, true); setTimeout(poll, REFRESH_MS); })
        .catch(function (e) {
          live('Not updated: ' + e.message + '; trying again.', true);
          setTimeout(start, RETRY_MS);
        });
    }
    start();
  }

  // ---- one overlay -------------------------------------------------------------------------

  // The plugin's own rows (svp: its server connection) change in number: rebuilt, as text only.
  function pluginState(body, rows) {
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (row) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-label', row[0]);
      var th = document.createElement('th');
      th.textContent = row[0];
      var td = document.createElement('td');
      td.setAttribute('data-testid', 'plugin-state-value');
      td.textContent = row[1];
      tr.appendChild(th);
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  function overlay() {
    var state = { data: null, plot: null };
    var url = base + '/overlay.json?link=' + encodeURIComponent(link);
    var result = byId('varpd-action-result');

    function update(doc, first) {
      setBadge(document.querySelector('#varpd-overlay-title [data-testid=status-badge]'), doc.s);
      var sentence = byId('varpd-status-sentence');
      if (sentence) { sentence.textContent = doc.d || (doc.s === 'ONLINE' ? 'Running; nothing to report.' : doc.s); }
      var since = byId('varpd-status-since');
      if (since) { since.textContent = doc.since; }
      var counters = byId('varpd-counters');
      if (counters && counters.tagName === 'TABLE') {
        doc.c.forEach(function (c) {
          var tr = counters.querySelector('tr[data-counter="' + CSS.escape(c[0]) + '"]');
          if (!tr) { return; }
          tr.querySelector('[data-testid=counter-total]').textContent = String(c[1]);
          tr.querySelector('[data-testid=counter-rate]').textContent = String(c[2]);
        });
      }
      var ps = byId('varpd-plugin-state');
      if (ps && ps.tagName === 'TABLE' && doc.p) { pluginState(ps.tBodies[0], doc.p); }
      var r = [0, 0, 0];
      ['lookups', 'drop', 'errors'].forEach(function (name, k) {
        doc.c.forEach(function (c) { if (c[0] === name) { r[k] = c[2]; } });
      });
      if (first) {
        state.data = toData(doc.h);
        state.plot = chart(byId('varpd-overlay-chart'), state.data);
        noCharts();
      } else if (state.data && append(state.data, doc.t, r) && state.plot) {
        state.plot.setData(state.data);
      }
    }

    function poll() {
      getJson(url).then(function (doc) { update(doc, false); })
        .catch(function (e) { live('Not updated: ' + e.message, true); })
        .then(function () { setTimeout(poll, REFRESH_MS); });
    }

    function start() {
      getJson(url + '&history=1')
        .then(function (doc) { update(doc, true); setTimeout(poll, REFRESH_MS); })
        .catch(function () { setTimeout(start, RETRY_MS); }); // the server-rendered figures stay meanwhile
    }
    start();

    function done(message, isError) {
      if (!result) { return; }
      result.textContent = message;
      result.classList.toggle('varpd-error', !!isError);
    }

    function act(fields) {
      fields.link = link;
      done('Working...', false);
      post(fields).then(function (body) {
        done(body.message, false);
        setTimeout(function () { window.location.reload(); }, 700);
      }).catch(function (e) { done(e.message, true); });
    }

    Array.prototype.forEach.call(document.querySelectorAll('button.varpd-remove'), function (b) {
      b.addEventListener('click', function () { act({ action: 'remove', mac: b.getAttribute('data-mac') }); });
    });
    var setForm = byId('varpd-target-set');
    if (setForm) {
      setForm.addEventListener('submit', function (ev) {
        ev.preventDefault();
        act({ action: 'set', mac: setForm.elements.mac.value, value: setForm.elements.value.value });
      });
    }
    var flush = byId('varpd-target-flush');
    if (flush) {
      flush.addEventListener('click', function () {
        if (window.confirm('Flush the whole target table of ' + link + '? The device asks again on the next miss.')) {
          act({ action: 'flush' });
        }
      });
    }
    var search = byId('varpd-target-search');
    var targets = byId('varpd-targets');
    if (search && targets && targets.tagName === 'TABLE') {
      search.addEventListener('input', function () {
        var q = search.value.toLowerCase();
        Array.prototype.forEach.call(targets.querySelectorAll('tbody tr'), function (tr) {
          tr.style.display = tr.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
        });
      });
    }
    var lookupForm = byId('varpd-lookup');
    var lookupResult = byId('varpd-lookup-result');
    if (lookupForm && lookupResult) {
      lookupForm.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var q = lookupForm.elements.q.value;
        lookupResult.textContent = 'Looking up...';
        lookupResult.classList.remove('varpd-error');
        getJson(base + '/lookup.json?link=' + encodeURIComponent(link) + '&q=' + encodeURIComponent(q))
          .then(function (r) {
            lookupResult.textContent = r.query + ': MAC ' + r.mac + ', destination ' + r.destination + '. ' + r.detail;
          })
          .catch(function (e) {
            lookupResult.textContent = e.message;
            lookupResult.classList.add('varpd-error');
          });
      });
    }
  }

  if (page === 'overview') { overview(); } else if (page === 'overlay') { overlay(); }
}());
