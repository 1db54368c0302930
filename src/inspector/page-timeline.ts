export const timelineScript = String.raw`
const flows = new Map();
let shown = null;
let pinned = false;
let viewing = null;
const userEvents = { SEND: 1, SUBMIT_CODE: 1, RESEND: 1, RESET: 1 };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(at) {
  const d = new Date(at);
  return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

const isRoot = (event) => Boolean(event.actorRef) && event.actorRef.sessionId === event.rootId;

function flowOf(info) {
  let flow = flows.get(info.id);
  if (!flow) {
    flow = { info, entries: [], events: 0, snapshots: [], pending: [], messages: [] };
    flows.set(info.id, flow);
  }
  flow.info = Object.assign(flow.info, info);
  return flow;
}

function flowName(flow) {
  const info = flow.info;
  const name = info.serverFlow ? 'flow ' + info.serverFlow.slice(0, 8) : info.session || info.id;
  return (info.imported ? 'imported ' : '') + name + (info.loginId ? ' \u00b7 ' + info.loginId : '');
}

function flowState(flow) {
  const last = flow.snapshots[flow.snapshots.length - 1];
  if (!last) return 'starting';
  const value = last.snapshot.value;
  return typeof value === 'string' ? value : Object.keys(value || {}).join(', ');
}

function renderFlows() {
  const list = document.getElementById('flows');
  list.textContent = '';
  flows.forEach((flow, id) => {
    const item = el('li');
    const button = el('button', 'flow');
    button.type = 'button';
    button.dataset.flow = id;
    button.appendChild(el('span', 'flow-name', flowName(flow)));
    button.appendChild(el('span', 'flow-state', flowState(flow)));
    if (id === shown) button.setAttribute('aria-current', 'true');
    item.appendChild(button);
    list.appendChild(item);
  });
  document.getElementById('export').disabled = !shown;
}

function entryRow(flow, entry) {
  const item = el('li', entry.kind === 'step' ? 'step' : 'entry');
  if (entry.kind === 'step') {
    item.dataset.instance = entry.instance;
    item.textContent = 'step ' + entry.step + ' \u00b7 instance ' + entry.instance;
    return item;
  }
  item.dataset.root = entry.root ? 'yes' : 'no';
  item.dataset.type = entry.type;
  if (entry.instance !== undefined) item.dataset.instance = entry.instance;
  if (userEvents[entry.type]) item.classList.add('user');
  const button = el('button');
  button.type = 'button';
  button.dataset.eventIndex = String(entry.index);
  button.appendChild(el('time', '', time(entry.at)));
  button.appendChild(el('span', 'type', entry.type));
  button.appendChild(el('span', 'to', '\u2192 ' + entry.actor));
  item.appendChild(button);
  item.hidden = !entry.root && !document.getElementById('all-events').checked;
  return item;
}

function addInspection(flow, message) {
  flow.messages.push(message);
  const event = message.event || {};
  const root = isRoot(event);
  if (event.type === '@xstate.actor' && root && message.instance !== undefined) {
    flow.steps = (flow.steps || 0) + 1;
    flow.entries.push({ kind: 'step', step: flow.steps, instance: message.instance });
  }
  if (event.type === '@xstate.microstep' && root && Array.isArray(event._transitions)) {
    event._transitions.forEach((t) => t && typeof t === 'object' && flow.pending.push(t));
  }
  if (event.type === '@xstate.snapshot' && root && event.snapshot && typeof event.snapshot === 'object') {
    flow.snapshots.push({ snapshot: event.snapshot, event: event.event, taken: flow.pending.splice(0),
      session: event.rootId });
  }
  if (event.type === '@xstate.event' && event.event && typeof event.event.type === 'string') {
    flow.entries.push({ kind: 'event', index: flow.events++, at: message.at, type: event.event.type, root,
      actor: event.actorRef ? String(event.actorRef.id) : '?', event: event.event, snap: flow.snapshots.length,
      instance: message.instance });
  }
}

function onFlow(info) {
  const known = flows.has(info.id);
  flowOf(info);
  if (!known && !pinned && viewing === null) showFlow(info.id, false);
  else renderFlows();
}

function onInspection(message) {
  const flow = flowOf({ id: message.flow });
  const before = flow.entries.length;
  const snapshots = flow.snapshots.length;
  addInspection(flow, message);
  const state = document.querySelector('#flows button[data-flow="' + message.flow + '"] .flow-state');
  if (state && flow.snapshots.length !== snapshots) state.textContent = flowState(flow);
  if (shown === null) return showFlow(message.flow, false);
  if (shown !== message.flow) return;
  const list = document.getElementById('events');
  flow.entries.slice(before).forEach((entry) => list.appendChild(entryRow(flow, entry)));
  render();
}

function showFlow(id, pin) {
  shown = id;
  if (pin) pinned = true;
  viewing = null;
  const flow = flows.get(id);
  const list = document.getElementById('events');
  list.textContent = '';
  if (flow) flow.entries.forEach((entry) => list.appendChild(entryRow(flow, entry)));
  renderFlows();
  render();
}

function countEvents() {
  const total = document.querySelectorAll('#events li.entry').length;
  const visible = document.querySelectorAll('#events li.entry:not([hidden])').length;
  document.getElementById('event-count').textContent = visible + ' of ' + total + ' events shown';
}

function frameAt(flow) {
  if (!flow || !flow.snapshots.length) return null;
  if (viewing === null) return { frame: flow.snapshots[flow.snapshots.length - 1], entry: null };
  const entry = flow.entries.find((item) => item.kind === 'event' && item.index === viewing);
  const at = entry ? Math.min(entry.snap, flow.snapshots.length - 1) : flow.snapshots.length - 1;
  return { frame: flow.snapshots[at], entry };
}

function render() {
  const flow = flows.get(shown);
  countEvents();
  document.querySelectorAll('#events button[aria-current]').forEach((b) => b.removeAttribute('aria-current'));
  const live = document.getElementById('live');
  live.setAttribute('aria-pressed', String(viewing === null));
  document.getElementById('view-status').textContent =
    viewing === null ? 'live' : 'after event ' + (viewing + 1) + ' of ' + (flow ? flow.events : 0);
  const at = frameAt(flow);
  if (!at) return;
  const snapshot = at.frame.snapshot;
  const error = snapshot.context && snapshot.context.error;
  document.getElementById('session').textContent = 'actor ' + at.frame.session + ' \u00b7 ' + snapshot.status +
    (error ? ' \u00b7 error: ' + error.kind : '');
  if (snapshot.value !== undefined) {
    document.getElementById('state').textContent =
      typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value);
    showState(snapshot.value, at.frame.taken);
  }
  document.getElementById('context').textContent = JSON.stringify(snapshot.context, null, 2);
  document.getElementById('event').textContent = JSON.stringify(at.entry ? at.entry.event : at.frame.event, null, 2);
  if (viewing === null) {
    const list = document.getElementById('events');
    list.scrollTop = list.scrollHeight;
    return;
  }
  const button = document.querySelector('#events button[data-event-index="' + viewing + '"]');
  if (button) button.setAttribute('aria-current', 'true');
}

function select(index) {
  pinned = true;
  viewing = index;
  render();
  const button = document.querySelector('#events button[data-event-index="' + index + '"]');
  if (button) button.focus();
}

function step(delta) {
  const buttons = Array.from(document.querySelectorAll('#events li.entry:not([hidden]) button'));
  if (!buttons.length) return;
  const indexes = buttons.map((b) => Number(b.dataset.eventIndex));
  const at = viewing === null ? indexes.length : indexes.indexOf(viewing);
  const next = Math.max(0, Math.min(indexes.length - 1, (at < 0 ? indexes.length : at) + delta));
  select(indexes[next]);
}
`;
