// Hyperactor mesh dashboard: reads the admin server's v1 API and shows hosts, procs and actors.
//
// Everything shown comes from the server and is put into the page as text nodes (never as HTML).
// The tree is fetched every REFRESH_MS and at once after each supervision event; a failed request
// keeps the last tree on screen, greyed, with a "disconnected" badge until the server answers.
'use strict';

(() => {
  const REFRESH_MS = 2000;
  // Above the server's own mesh_admin_tree_timeout (10 s), which answers with complete=false.
  const REQUEST_TIMEOUT_MS = 15000;
  const EVENTS_RETRY_MS = 5000;
  const MAX_EVENTS = 50;
  const LOG_LINES = 200;
  const PROC_STATUSES = ['running', 'stopping', 'stopped', 'failed', 'unreachable', 'unknown'];
  const RED = new Set(['failed', 'unreachable']);

  // The admin token, when the server has one: read from this page's URL, passed on to every call.
  const token = new URLSearchParams(window.location.search).get('token');

  const state = {
    tree: null,
    treeKey: null,
    selectedId: null,
    refreshing: false,
    refreshAgain: false,
    refreshTimer: null,
    detailsSeq: 0,
    procViewSeq: 0,
  };

  // ------------------------------------------------------------------ helpers

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children; strings become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (key === 'class') {
        node.className = value;
      } else if (key === 'dataset') {
        for (const [name, v] of Object.entries(value)) {
          if (v !== null && v !== undefined) {
            node.dataset[name] = String(v);
          }
        }
      } else if (key.startsWith('on')) {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  function text(value) {
    return value === null || value === undefined ? '' : String(value);
  }

  function statusBadge(status) {
    const s = text(status) || 'unknown';
    return el('span', {class: 'status', dataset: {status: s}}, s);
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function formatTime(iso) {
    if (!iso) {
      return '';
    }
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? text(iso) : d.toLocaleTimeString();
  }

  /** A relative API URL (the page is served at the server's root) with the token, if any. */
  function apiUrl(path, params) {
    const query = new URLSearchParams(params || {});
    if (token) {
      query.set('token', token);
    }
    const q = query.toString();
    return 'v1/' + path + (q ? '?' + q : '');
  }

  /** An API failure: status 0 when the server did not answer at all. */
  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function getJson(path, params) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    try {
      let response;
      try {
        response = await fetch(apiUrl(path, params), {
          signal: controller.signal,
          cache: 'no-store',
          headers: {Accept: 'application/json'},
        });
      } catch (e) {
        throw new ApiError(
          controller.signal.aborted
            ? 'no answer within ' + REQUEST_TIMEOUT_MS / 1000 + ' s'
            : 'the admin server cannot be reached',
          0);
      }
      if (!response.ok) {
        let message = response.status + ' ' + response.statusText;
        try {
          const body = await response.json();
          if (body && body.error && body.error.message) {
            message = response.status + ': ' + body.error.message;
          }
        } catch (ignored) {
          // Not the contract's error shape (a proxy's page, say): the status line says enough.
        }
        if (response.status === 401) {
          message += ' (open this page with ?token=<mesh_admin_token>)';
        }
        throw new ApiError(message, response.status);
      }
      try {
        return await response.json();
      } catch (e) {
        throw new ApiError(
          controller.signal.aborted
            ? 'no answer within ' + REQUEST_TIMEOUT_MS / 1000 + ' s'
            : 'the answer to ' + path + ' is not JSON',
          controller.signal.aborted ? 0 : response.status);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  // ------------------------------------------------------------------ connection and errors

  function setConnected(connected) {
    const badge = $('connection');
    badge.dataset.state = connected ? 'connected' : 'disconnected';
    badge.textContent = connected ? 'connected' : 'disconnected';
    $('tree').classList.toggle('stale', !connected);
  }

  function showError(message) {
    const banner = $('error');
    banner.hidden = !message;
    banner.textContent = message || '';
  }

  // ------------------------------------------------------------------ the tree

  /** Fetches and shows the tree; a call while one is in flight makes it run once more after. */
  async function refreshTree() {
    if (state.refreshing) {
      state.refreshAgain = true;
      return;
    }
    clearTimeout(state.refreshTimer);
    state.refreshing = true;
    try {
      const tree = await getJson('tree');
      if (!tree || !Array.isArray(tree.hosts)) {
        throw new ApiError('the answer to tree has no hosts list', 200);
      }
      setConnected(true);
      showError(null);
      renderTree(tree);
    } catch (e) {
      setConnected(e.status !== 0);
      showError('Tree: ' + e.message);
    } finally {
      state.refreshing = false;
      if (state.refreshAgain) {
        state.refreshAgain = false;
        refreshTree();
      } else {
        state.refreshTimer = setTimeout(refreshTree, REFRESH_MS);
      }
    }
  }

  function renderTree(tree) {
    state.tree = tree;
    $('as-of').textContent = tree.asOf ? 'as of ' + formatTime(tree.asOf) : '';
    $('incomplete').hidden = tree.complete !== false;
    // Rebuild only when something shown changed: keeps the page still while nothing happens.
    const key = JSON.stringify(tree.hosts);
    if (key === state.treeKey) {
      return;
    }
    state.treeKey = key;

    let procs = 0;
    let actors = 0;
    let red = 0;
    const hosts = tree.hosts.map((host) => {
      const procRows = (Array.isArray(host.procs) ? host.procs : []).map((proc) => {
        const procActors = Array.isArray(proc.actors) ? proc.actors : [];
        procs += 1;
        actors += procActors.length;
        red += (RED.has(proc.status) ? 1 : 0) + procActors.filter((a) => RED.has(a.status)).length;
        return renderProc(proc, procActors);
      });
      return el('div', {class: 'host', dataset: {hostId: host.id}},
        row('host-row', {hostId: host.id, status: host.status}, host.id, [
          statusBadge(host.status),
          el('span', {class: 'name'}, 'host ' + text(host.addr)),
          el('span', {class: 'counts'}, plural(procRows.length, 'proc')),
          el('span', {class: 'id'}, host.id),
        ]),
        procRows);
    });
    $('summary').textContent =
      '· ' + plural(tree.hosts.length, 'host') + ' · ' + plural(procs, 'proc') + ' · '
      + plural(actors, 'actor') + (red ? ' · ' + red + ' failed or unreachable' : '');
    $('tree').replaceChildren(
      ...(hosts.length ? hosts : [el('p', {class: 'muted'}, 'No hosts are known to this admin server.')]));
    markSelected();
  }

  function renderProc(proc, actors) {
    const failedActors = actors.filter((a) => RED.has(a.status)).length;
    const procRow = row('proc-row', {procId: proc.id, status: proc.status}, proc.id, [
      statusBadge(proc.status),
      el('span', {class: 'name'}, text(proc.name) || text(proc.id)),
      proc.rank !== null && proc.rank !== undefined ? el('span', {class: 'meta'}, 'rank ' + proc.rank) : null,
      proc.pid !== null && proc.pid !== undefined ? el('span', {class: 'meta'}, 'pid ' + proc.pid) : null,
      proc.system ? el('span', {class: 'meta'}, 'system') : null,
      actorCounts(actors),
      proc.statusReason ? el('span', {class: 'meta'}, proc.statusReason) : null,
      el('span', {class: 'proc-actions'},
        procButton(proc.id, 'threads', 'Threads'),
        procButton(proc.id, 'config', 'Config'),
        procButton(proc.id, 'logs', 'Logs')),
    ]);
    // A proc with a failed actor is highlighted too, whatever its own status.
    procRow.classList.toggle('alert', failedActors > 0);
    const actorRows = actors.map((actor) =>
      el('li', {class: actor.system ? 'system' : null}, row('actor-row' + (actor.system ? ' system' : ''),
        {actorId: actor.id, status: actor.status}, actor.id, [
          statusBadge(actor.status),
          el('span', {class: 'name'}, text(actor.name) || text(actor.id)),
          actor.type ? el('span', {class: 'meta', title: actor.type}, shortType(actor.type)) : null,
          el('span', {class: 'meta'},
            'queue ' + text(actor.queueDepth) + ' · handled ' + text(actor.messagesHandled)),
          actor.failure ? el('span', {class: 'meta'}, text(actor.failure.message)) : null,
          !actor.failure && actor.statusReason ? el('span', {class: 'meta'}, actor.statusReason) : null,
        ])));
    return el('div', {class: 'proc' + (proc.system ? ' system' : '')},
      procRow, el('ul', {class: 'actors'}, actorRows));
  }

  /** A type's simple name (the full name is the element's tooltip and in the details). */
  function shortType(type) {
    const parts = String(type).split(/[.$]/).filter((p) => p);
    return parts.length ? parts[parts.length - 1] : String(type);
  }

  function actorCounts(actors) {
    const byStatus = new Map();
    for (const a of actors) {
      const s = text(a.status) || 'unknown';
      byStatus.set(s, (byStatus.get(s) || 0) + 1);
    }
    const parts = [plural(actors.length, 'actor')];
    const order = [...PROC_STATUSES, ...[...byStatus.keys()].filter((s) => !PROC_STATUSES.includes(s))];
    for (const s of order) {
      if (byStatus.has(s)) {
        parts.push(el('span', {class: RED.has(s) ? 'bad' : null}, byStatus.get(s) + ' ' + s));
      }
    }
    const counts = el('span', {class: 'counts'});
    parts.forEach((p, i) => counts.append(i === 0 ? '' : i === 1 ? ': ' : ', ', p));
    return counts;
  }

  /** A clickable tree row showing the node's details; dataset holds the test hooks. */
  function row(kind, dataset, nodeId, children) {
    const open = () => showDetails(nodeId);
    return el('div', {
      class: 'row ' + kind,
      dataset,
      tabindex: 0,
      role: 'button',
      title: text(dataset.status),
      onclick: open,
      onkeydown: (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      },
    }, children);
  }

  function procButton(procId, what, label) {
    return el('button', {
      type: 'button',
      onclick: (e) => {
        e.stopPropagation();
        showProcView(procId, what);
      },
      onkeydown: (e) => e.stopPropagation(),
    }, label);
  }

  function markSelected() {
    for (const r of document.querySelectorAll('#tree .row.selected')) {
      r.classList.remove('selected');
    }
    if (state.selectedId === null) {
      return;
    }
    for (const r of document.querySelectorAll('#tree .row')) {
      const id = r.dataset.actorId || r.dataset.procId || r.dataset.hostId;
      if (id === state.selectedId) {
        r.classList.add('selected');
      }
    }
  }

  /** The tree's own record of a node, for what the node endpoint does not carry (failures). */
  function findInTree(id) {
    for (const host of (state.tree && state.tree.hosts) || []) {
      if (host.id === id) {
        return {kind: 'host', value: host};
      }
      for (const proc of host.procs || []) {
        if (proc.id === id) {
          return {kind: 'proc', value: proc};
        }
        for (const actor of proc.actors || []) {
          if (actor.id === id) {
            return {kind: 'actor', value: actor};
          }
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ details

  async function showDetails(id) {
    state.selectedId = id;
    markSelected();
    const seq = ++state.detailsSeq;
    const box = $('details');
    box.replaceChildren(el('p', {class: 'muted'}, 'Loading ' + id + '…'));
    try {
      const node = await getJson('nodes/' + encodeURIComponent(id));
      if (seq === state.detailsSeq) {
        box.replaceChildren(...renderNode(node));
      }
    } catch (e) {
      if (seq === state.detailsSeq) {
        box.replaceChildren(el('p', {class: 'failure'}, 'Could not load ' + id + ': ' + e.message));
      }
    }
  }

  function nodeLink(id) {
    return el('span', {
      class: 'link', tabindex: 0, role: 'link',
      onclick: () => showDetails(id),
      onkeydown: (e) => {
        if (e.key === 'Enter') {
          showDetails(id);
        }
      },
    }, id);
  }

  function renderNode(node) {
    const out = [];
    out.push(el('p', {},
      statusBadge(node.status), ' ', el('strong', {}, text(node.kind)), ' ',
      el('span', {class: 'id'}, text(node.id))));
    const known = findInTree(node.id);
    const failure = known && known.value.failure;
    if (failure) {
      out.push(el('div', {class: 'failure'},
        el('div', {}, 'Failed: ' + text(failure.message)),
        failure.rootCauseActor ? el('div', {}, 'Root cause: ', nodeLink(failure.rootCauseActor)) : null,
        failure.occurredAt ? el('div', {}, 'At ' + text(failure.occurredAt)) : null));
    } else if (known && known.value.statusReason) {
      out.push(el('p', {class: 'meta'}, text(known.value.statusReason)));
    }
    const rows = [
      ['parent', node.parent ? nodeLink(node.parent) : '—'],
      ['as of', text(node.asOf)],
    ];
    const attrs = node.attrs && typeof node.attrs === 'object' ? node.attrs : {};
    for (const key of Object.keys(attrs).sort()) {
      rows.push([key, text(attrs[key])]);
    }
    out.push(el('table', {class: 'kv'},
      el('tbody', {}, rows.map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))))));
    const children = Array.isArray(node.children) ? node.children : [];
    if (children.length) {
      out.push(el('p', {class: 'meta'}, children.length + (children.length === 1 ? ' child' : ' children')));
      out.push(el('ul', {}, children.map((c) => el('li', {}, nodeLink(c)))));
    }
    if (node.kind === 'proc') {
      out.push(el('p', {},
        procButton(node.id, 'threads', 'Threads'), ' ',
        procButton(node.id, 'config', 'Config'), ' ',
        procButton(node.id, 'logs', 'Logs')));
    }
    return out;
  }

  // ------------------------------------------------------------------ proc view

  async function showProcView(procId, what) {
    const seq = ++state.procViewSeq;
    const box = $('proc-view');
    const title = {threads: 'Threads', config: 'Configuration', logs: 'Logs'}[what];
    const header = el('p', {},
      el('strong', {}, title), ' of ', el('span', {class: 'id'}, procId), ' ',
      el('button', {type: 'button', onclick: () => showProcView(procId, what)}, 'Reload'));
    box.replaceChildren(header, el('p', {class: 'muted'}, 'Loading…'));
    const path = 'procs/' + encodeURIComponent(procId) + '/' + what;
    try {
      const body = await getJson(path, what === 'logs' ? {lines: LOG_LINES} : null);
      if (seq !== state.procViewSeq) {
        return;
      }
      const view = what === 'threads' ? renderThreads(body) : what === 'config' ? renderConfig(body) : renderLogs(body);
      box.replaceChildren(header, ...view);
    } catch (e) {
      if (seq === state.procViewSeq) {
        box.replaceChildren(header, el('p', {class: 'failure'}, e.message));
      }
    }
  }

  function renderThreads(dump) {
    const threads = Array.isArray(dump.threads) ? dump.threads : [];
    const items = threads.map((t) => {
      const frames = Array.isArray(t.frames) ? t.frames : [];
      return el('li', {class: 'thread'},
        el('details', {},
          el('summary', {},
            el('strong', {}, text(t.name)), ' ', el('span', {class: 'meta'}, text(t.state)),
            t.virtual ? el('span', {class: 'meta'}, ' virtual') : null,
            t.actor ? [' ', el('span', {class: 'id'}, text(t.actor))] : null),
          el('pre', {}, frames.map(text).join('\n'))));
    });
    return [
      el('p', {class: 'meta'}, 'pid ' + text(dump.pid) + ' · ' + plural(threads.length, 'thread')),
      el('ul', {class: 'threads'}, items),
    ];
  }

  function renderConfig(dump) {
    const entries = Array.isArray(dump.entries) ? dump.entries : [];
    return [el('table', {class: 'kv'},
      el('thead', {}, el('tr', {}, el('th', {}, 'key'), el('td', {}, 'value (source)'))),
      el('tbody', {}, entries.map((e) => el('tr', {},
        el('th', {}, text(e.key)),
        el('td', {}, text(e.value), ' ', el('span', {class: 'meta'}, '(' + text(e.source) + ')'))))))];
  }

  function renderLogs(logs) {
    const lines = Array.isArray(logs.lines) ? logs.lines : [];
    if (!lines.length) {
      return [el('p', {class: 'muted'}, 'No output kept for this proc.')];
    }
    return [el('pre', {}, lines.map((l) =>
      el('span', {class: l.stream === 'stderr' ? 'log-stderr' : null}, text(l.text) + '\n')))];
  }

  // ------------------------------------------------------------------ supervision events

  function connectEvents() {
    if (!window.EventSource) {
      $('events-state').textContent = '(this browser has no EventSource)';
      return;
    }
    const source = new EventSource(apiUrl('events'));
    source.addEventListener('open', () => {
      $('events-state').textContent = '· live';
    });
    source.addEventListener('supervision', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        event = {status: 'unknown', message: 'unreadable event: ' + message.data};
      }
      addEvent(event);
      refreshTree();
    });
    source.addEventListener('error', () => {
      // The browser reconnects by itself unless the server refused the stream (CLOSED).
      const closed = source.readyState === EventSource.CLOSED;
      $('events-state').textContent = closed ? '· closed, retrying' : '· reconnecting';
      if (closed) {
        setTimeout(connectEvents, EVENTS_RETRY_MS);
      }
      refreshTree();
    });
  }

  function addEvent(event) {
    const target = event.actorId || event.procId || event.mesh || '';
    const ranks = Array.isArray(event.ranks) && event.ranks.length ? 'ranks ' + event.ranks.join(', ') : null;
    const item = el('li', {dataset: {status: text(event.status)}},
      el('span', {class: 'meta'}, formatTime(event.at)), ' ', statusBadge(event.status), ' ',
      target ? el('span', {class: 'id'}, target) : null,
      ranks ? [' ', el('span', {class: 'meta'}, ranks)] : null,
      event.message ? el('div', {}, text(event.message)) : null);
    const list = $('events');
    list.prepend(item);
    while (list.children.length > MAX_EVENTS) {
      list.lastElementChild.remove();
    }
  }

  // ------------------------------------------------------------------ start

  function start() {
    const hide = $('hide-system');
    hide.addEventListener('change', () => $('tree').classList.toggle('hide-system', hide.checked));
    refreshTree();
    connectEvents();
  }

  start();
})();
