// The dashboard: asks for the admin token, then reads /admin/api/stream with it in the Authorization
// header (EventSource cannot send headers, so the server-sent events are read from a fetch() body).
// The token stays in this page's memory only: not in the URL, not in storage.
import { drawChart, format } from './chart.js';

const HISTORY = 300;
const RETRY_MS = 2000;

const $ = (id) => document.getElementById(id);
let points = [];
let token = null;
let reader = null;

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  token = $('token').value.trim();
  $('token').value = '';
  connect();
});

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status').textContent = text;
}

async function connect() {
  setStatus('connecting', 'connecting…');
  let res;
  try {
    res = await fetch('/admin/api/stream', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    retryLater();
    return;
  }
  if (res.status === 401) {
    token = null;
    $('dashboard').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = 'That token was refused.';
    $('login-error').hidden = false;
    setStatus('refused', 'token refused');
    return;
  }
  if (!res.ok || !res.body) {
    retryLater();
    return;
  }
  $('login').hidden = true;
  $('login-error').hidden = true;
  $('dashboard').hidden = false;
  setStatus('live', 'live');
  try {
    await readEvents(res.body);
  } catch {
    // the connection dropped; reconnect below
  }
  retryLater();
}

function retryLater() {
  if (token === null) {
    return;
  }
  setStatus('reconnecting', 'reconnecting…');
  setTimeout(connect, RETRY_MS);
}

/** Splits the body into server-sent events (blank-line separated) and handles each. */
async function readEvents(body) {
  reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value;
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      handle(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
  }
}

function handle(block) {
  let name = 'message';
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) {
      name = line.slice(7);
    } else if (line.startsWith('data: ')) {
      data += line.slice(6);
    }
  }
  if (!data) {
    return;
  }
  const payload = JSON.parse(data);
  if (name === 'history') {
    points = payload.points;
  } else if (name === 'sample') {
    points.push(payload.point);
    if (points.length > HISTORY) {
      points.shift();
    }
  } else {
    return;
  }
  render(payload.largestRooms);
}

function show(id, value, digits) {
  const el = $(id);
  el.dataset.value = value === null || value === undefined ? '' : String(value);
  el.textContent = digits === undefined || value === null ? format(value) : value.toFixed(digits);
}

function totalConnections(p) {
  // "sessions" counts every chat session whatever its transport; the others are subsets of it
  return p.connections.sessions ?? Object.values(p.connections).reduce((a, b) => a + b, 0);
}

function render(rooms) {
  if (points.length === 0) {
    return;
  }
  const last = points[points.length - 1];
  show('messages-rate', last.messagesPerSecond, 1);
  show('deliveries-rate', last.deliveriesPerSecond, 1);
  show('storage-latency', last.storageAppendMillis, 2);
  show('queue-depth', last.storageQueueDepth);
  show('connections-total', totalConnections(last));
  show('slow-closes', last.slowConsumerCloses);
  show('rate-closes', last.rateLimitCloses);
  show('rooms-count', last.rooms);
  $('history-seconds').textContent = String(points.length);

  drawChart($('chart-messages'), points.map((p) => p.messagesPerSecond), HISTORY);
  drawChart($('chart-deliveries'), points.map((p) => p.deliveriesPerSecond), HISTORY);
  drawChart($('chart-storage'), points.map((p) => p.storageAppendMillis), HISTORY);
  drawChart($('chart-queue'), points.map((p) => p.storageQueueDepth), HISTORY);
  drawChart($('chart-connections'), points.map(totalConnections), HISTORY);

  fillTable($('connections'), Object.entries(last.connections), 'data-transport');
  fillTable($('rooms'), rooms.map((r) => [r.room, r.sessions]), 'data-room');
}

/** Rows of [name, number]; textContent only, so a room name is never markup. */
function fillTable(table, rows, key) {
  const body = table.tBodies[0];
  body.replaceChildren(...rows.map(([name, n]) => {
    const tr = document.createElement('tr');
    tr.setAttribute(key, name);
    tr.dataset.count = String(n);
    const a = document.createElement('td');
    a.textContent = name;
    const b = document.createElement('td');
    b.textContent = format(n);
    tr.append(a, b);
    return tr;
  }));
}
