// dealwire report: the deal table, its filters and the deal cards.
// Every string from the data reaches the page through textContent or an attribute set by
// property, never as markup; links are made only from http(s) URLs.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dw-data').textContent);
  var TYPES = data.types;
  var PAGE = 50;
  var deals = data.deals;
  var byId = {};
  var state = { party: '', type: '', status: '', year: '', primary: '', asc: false, page: 0, selected: null };

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function label(s) { return String(s).replace(/_/g, ' '); }
  function webUrl(u) { return typeof u === 'string' && /^\s*https?:\/\//i.test(u) ? u : null; }
  function typeChip(t) {
    var i = TYPES.indexOf(t);
    return el('span', 'chip t' + (i < 0 ? 9 : i), label(t));
  }

  deals.forEach(function (d, i) {
    d._i = i;
    d._names = d.parties.map(function (p) { return (p.name + ' ' + p.mention).toLowerCase(); }).join('\n');
    d._date = d.date ? d.date.value : '';
    d._year = d._date.slice(0, 4);
    byId[d.id] = d;
  });

  function options(select, values, show) {
    values.forEach(function (v) {
      var o = el('option', null, show ? show(v) : v);
      o.value = v;
      select.appendChild(o);
    });
  }
  function distinct(list) {
    var seen = {}, out = [];
    list.forEach(function (v) { if (v && !seen[v]) { seen[v] = true; out.push(v); } });
    return out;
  }
  options($('f-type'), TYPES.filter(function (t) {
    return deals.some(function (d) { return d.types.indexOf(t) >= 0; });
  }), label);
  options($('f-status'), distinct(deals.map(function (d) { return d.status; })).sort());
  var years = distinct(deals.map(function (d) { return d._year; })).sort().reverse();
  if (deals.some(function (d) { return !d._year; })) { years.push('undated'); }
  options($('f-year'), years);
  var counts = {};
  deals.forEach(function (d) { d.parties.forEach(function (p) { counts[p.name] = (counts[p.name] || 0) + 1; }); });
  Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); })
    .slice(0, 2000).forEach(function (n) { var o = el('option'); o.value = n; $('party-names').appendChild(o); });

  function matches(d) {
    if (state.party && d._names.indexOf(state.party) < 0) { return false; }
    if (state.type && d.types.indexOf(state.type) < 0) { return false; }
    if (state.status && d.status !== state.status) { return false; }
    if (state.year === 'undated' && d._year) { return false; }
    if (state.year && state.year !== 'undated' && d._year !== state.year) { return false; }
    if (state.primary === '1' && !d.primary) { return false; }
    if (state.primary === '0' && d.primary) { return false; }
    return true;
  }

  function sorted(rows) {
    var dir = state.asc ? 1 : -1;
    return rows.sort(function (a, b) {
      // Undated deals go last whichever way the dates run.
      if (!a._date !== !b._date) { return a._date ? -1 : 1; }
      if (a._date !== b._date) { return a._date < b._date ? -dir : dir; }
      return a._i - b._i;
    });
  }

  function partiesCell(d) {
    var td = el('td');
    d.parties.forEach(function (p, i) {
      if (i > 0) { td.appendChild(document.createTextNode(' · ')); }
      td.appendChild(el('strong', null, p.name));
      td.appendChild(el('span', 'role', ' ' + label(p.role)));
    });
    if (!d.primary) { td.appendChild(el('span', 'passing', 'in passing')); }
    return td;
  }

  function render() {
    var rows = sorted(deals.filter(matches));
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(state.page, pages - 1);
    var body = document.querySelector('#deal-table tbody');
    body.textContent = '';
    rows.slice(state.page * PAGE, (state.page + 1) * PAGE).forEach(function (d) {
      var tr = el('tr');
      tr.dataset.id = d.id;
      if (state.selected === d.id) { tr.className = 'selected'; }
      tr.appendChild(el('td', 'date', d._date || '—'));
      var types = el('td');
      d.types.forEach(function (t) { types.appendChild(typeChip(t)); });
      tr.appendChild(types);
      tr.appendChild(partiesCell(d));
      tr.appendChild(el('td', null, d.status));
      var art = data.articles[d.a] || {};
      var cell = el('td', 'art');
      cell.appendChild(el('div', 'clamp', art.title || art.source || art.url || '(untitled article)'));
      tr.appendChild(cell);
      tr.tabIndex = 0;
      tr.addEventListener('click', function () { show(d.id); });
      tr.addEventListener('keydown', function (e) {
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(d.id); }
      });
      body.appendChild(tr);
    });
    var total = data.total > data.shown ? ' (the table holds ' + data.shown + ' of ' + data.total + ')' : '';
    $('row-count').textContent = rows.length + ' of ' + deals.length + ' deals' + total;
    $('page-info').textContent = 'page ' + (state.page + 1) + ' of ' + pages;
    $('page-prev').disabled = state.page === 0;
    $('page-next').disabled = state.page >= pages - 1;
    $('sort-date').textContent = 'Date ' + (state.asc ? '↑' : '↓');
  }

  function row(dl, name, value) {
    if (value === undefined || value === null || value === '') { return; }
    dl.appendChild(el('dt', null, name));
    var dd = el('dd');
    if (value instanceof Node) { dd.appendChild(value); } else { dd.textContent = String(value); }
    dl.appendChild(dd);
  }

  function money(m) {
    if (!m) { return null; }
    if (!m.disclosed) { return 'not disclosed — “' + m.mention + '”'; }
    var amount = m.amount === null ? '' : Number(m.amount).toLocaleString('en') + ' ';
    return amount + (m.currency || '') + ' — “' + m.mention + '”';
  }

  function evidence(card, d) {
    card.appendChild(el('h4', null, 'Evidence'));
    if (!d.sentences.length && !d.unseen.length) {
      card.appendChild(el('p', 'note', 'This record carries no evidence.'));
    }
    d.sentences.forEach(function (s) {
      var box = el('div', 'sentence');
      box.appendChild(el('span', 'n', 'Sentence ' + (s.n + 1)));
      var fields = [];
      s.segs.forEach(function (seg) {
        if (seg[1].length) {
          var m = el('mark', 'ev', seg[0]);
          m.title = seg[1].map(label).join(', ');
          m.dataset.fields = seg[1].join(' ');
          box.appendChild(m);
          seg[1].forEach(function (f) { if (fields.indexOf(f) < 0) { fields.push(f); } });
        } else {
          box.appendChild(document.createTextNode(seg[0]));
        }
      });
      var said = [];
      if (fields.length) { said.push('highlighted: ' + fields.map(label).join(', ')); }
      if (s.whole.length) { said.push('whole sentence: ' + s.whole.map(label).join(', ')); }
      if (said.length) { box.appendChild(el('span', 'fields', said.join(' · '))); }
      card.appendChild(box);
    });
    if (d.unseen.length) {
      var why = data.have_articles ? 'Not found in the articles files given:' : 'No articles file was given, so only the offsets are known:';
      card.appendChild(el('p', 'note', why));
      var ul = el('ul', 'note');
      d.unseen.forEach(function (e) {
        ul.appendChild(el('li', null, label(e.field) + ' — sentence ' + (e.sentence + 1) + ', characters ' + e.start + '–' + e.end));
      });
      card.appendChild(ul);
    }
  }

  function show(id) {
    var d = byId[id];
    var card = $('card');
    card.textContent = '';
    if (!d) {
      card.appendChild(el('p', 'placeholder', 'That deal is not in the table (it holds the most recent ' + data.shown + ' of ' + data.total + ').'));
      return;
    }
    state.selected = id;
    Array.prototype.forEach.call(document.querySelectorAll('#deal-table tbody tr'), function (tr) {
      tr.className = tr.dataset.id === id ? 'selected' : '';
    });
    card.appendChild(el('h3', null, d.parties.map(function (p) { return p.name; }).join(' · ')));
    var chips = el('div');
    d.types.forEach(function (t) { chips.appendChild(typeChip(t)); });
    card.appendChild(chips);

    var art = data.articles[d.a] || {};
    var p = el('p', 'source');
    var url = webUrl(art.url);
    if (url) {
      var a = el('a', null, art.title || url);
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      p.appendChild(a);
    } else {
      p.appendChild(el('span', null, art.title || '(untitled article)'));
    }
    var meta = [art.source, art.published].filter(function (x) { return x; }).join(' · ');
    if (meta) { p.appendChild(el('span', 'note', ' ' + meta)); }
    card.appendChild(p);

    evidence(card, d);

    card.appendChild(el('h4', null, 'Parties'));
    var pt = el('table', 'mini');
    var head = el('tr');
    ['Name', 'Role', 'As written', 'Descriptor', 'Country'].forEach(function (h) { head.appendChild(el('th', null, h)); });
    pt.appendChild(head);
    d.parties.forEach(function (p) {
      var tr = el('tr');
      [p.name, label(p.role), p.mention, p.descriptor || '', p.country || ''].forEach(function (v) { tr.appendChild(el('td', null, v)); });
      pt.appendChild(tr);
    });
    card.appendChild(pt);

    card.appendChild(el('h4', null, 'Fields'));
    var dl = el('dl');
    row(dl, 'Status', d.status);
    if (d.date) { row(dl, 'Date', d.date.value + ' (' + d.date.precision + ', ' + d.date.basis + ')'); }
    row(dl, 'Primary', d.primary ? 'yes: the deal the article is about' : 'no: mentioned in passing');
    if (d.patents) {
      var pat = (d.patents.count === null ? 'count unknown' : (d.patents.approximate ? 'about ' : '') + d.patents.count) +
        ' — “' + d.patents.mention + '”' + (d.patents.kinds.length ? ' (' + d.patents.kinds.join(', ') + ')' : '');
      row(dl, 'Patents', pat);
    }
    row(dl, 'Money', money(d.money));
    if (d.duration) { row(dl, 'Duration', d.duration.mention + (d.duration.years === null ? '' : ' (' + d.duration.years + ' years)')); }
    row(dl, 'Areas', d.areas.map(label).join(', '));
    row(dl, 'Technologies', d.technologies.join(', '));
    row(dl, 'Confidence', d.confidence.toFixed(2));
    row(dl, 'Revision', d.revision);
    row(dl, 'Record id', d.id);
    card.appendChild(dl);

    if (d.quotes.length) {
      card.appendChild(el('h4', null, 'Quotes'));
      d.quotes.forEach(function (q) {
        var b = el('blockquote', null, '“' + q.text + '”');
        var who = [q.speaker, q.title, q.organization].filter(function (x) { return x; }).join(', ');
        b.appendChild(el('div', 'note', '— ' + who));
        card.appendChild(b);
      });
    }

    if (location.hash !== '#deal=' + id) { location.hash = 'deal=' + id; }
  }

  function bind(id, key) {
    function update(e) {
      var value = key === 'party' ? e.target.value.trim().toLowerCase() : e.target.value;
      if (value === state[key]) { return; }
      state[key] = value;
      state.page = 0;
      render();
    }
    // Selects report a choice by 'change' (some ways of choosing give no 'input').
    $(id).addEventListener('input', update);
    $(id).addEventListener('change', update);
  }
  bind('f-party', 'party');
  bind('f-type', 'type');
  bind('f-status', 'status');
  bind('f-year', 'year');
  bind('f-primary', 'primary');
  $('f-reset').addEventListener('click', function () {
    ['f-party', 'f-type', 'f-status', 'f-year', 'f-primary'].forEach(function (id) { $(id).value = ''; });
    state.party = state.type = state.status = state.year = state.primary = '';
    state.page = 0;
    render();
  });
  $('sort-date').addEventListener('click', function () { state.asc = !state.asc; state.page = 0; render(); });
  $('page-prev').addEventListener('click', function () { state.page -= 1; render(); });
  $('page-next').addEventListener('click', function () { state.page += 1; render(); });
  Array.prototype.forEach.call(document.querySelectorAll('#transfers tr[data-deal]'), function (tr) {
    tr.addEventListener('click', function () {
      show(tr.dataset.deal);
      $('card').scrollIntoView({ block: 'start' });
    });
  });

  render();
  var m = /^#deal=(.+)$/.exec(location.hash);
  if (m && byId[decodeURIComponent(m[1])]) { show(decodeURIComponent(m[1])); }
}());
