export const pageScript = String.raw`
'use strict';
var machine = null;
var rootSession = null;
var eventCount = 0;
var lastValue = null;
var userEvents = { SEND: 1, SUBMIT_CODE: 1, RESEND: 1, RESET: 1 };

function el(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function shortId(id) {
  return machine && id.indexOf(machine.id + '.') === 0 ? id.slice(machine.id.length + 1) : id;
}

function transitionItem(transition) {
  var li = el('li');
  li.appendChild(el('span', 'event', transition.label));
  if (transition.guard) li.appendChild(el('span', 'guard', ' [' + transition.guard + ']'));
  var targets = transition.targets.map(shortId).join(', ');
  li.appendChild(document.createTextNode(targets ? ' \u2192 ' + targets : ' (actions only)'));
  return li;
}

function stateBox(node, parent) {
  var box = el('div', 'state');
  box.dataset.id = node.id;
  box.dataset.type = node.type;
  var title = el('div', 'title');
  title.appendChild(el('span', 'name', node.key));
  if (parent && parent.initial === node.id) title.appendChild(el('span', 'badge', 'initial'));
  if (node.type === 'final') title.appendChild(el('span', 'badge', 'final'));
  box.appendChild(title);
  if (node.invoke.length) box.appendChild(el('div', 'invoke', 'invokes ' + node.invoke.join(', ')));
  if (node.transitions.length) {
    var list = el('ul', 'transitions');
    node.transitions.forEach(function (t) { list.appendChild(transitionItem(t)); });
    box.appendChild(list);
  }
  if (node.states.length) {
    var children = el('div', 'children');
    node.states.forEach(function (child) { children.appendChild(stateBox(child, node)); });
    box.appendChild(children);
  }
  return box;
}

function drawMachine(tree) {
  machine = tree;
  var chart = document.getElementById('chart');
  chart.textContent = '';
  chart.appendChild(el('h2', '', 'Machine ' + tree.id));
  var children = el('div', 'children');
  tree.states.forEach(function (child) { children.appendChild(stateBox(child, tree)); });
  chart.appendChild(children);
  if (tree.transitions.length) {
    var global = el('div', 'state');
    global.id = 'global';
    global.dataset.id = tree.id;
    global.appendChild(el('div', 'title', 'From any state but a final one'));
    var list = el('ul', 'transitions');
    tree.transitions.forEach(function (t) { list.appendChild(transitionItem(t)); });
    global.appendChild(list);
    chart.appendChild(global);
  }
  if (lastValue !== null) highlight(lastValue);
}

function activeIds(value) {
  var ids = [];
  function walk(prefix, v) {
    if (typeof v === 'string') { ids.push(prefix + '.' + v); return; }
    if (!v || typeof v !== 'object') return;
    Object.keys(v).forEach(function (key) { ids.push(prefix + '.' + key); walk(prefix + '.' + key, v[key]); });
  }
  walk(machine ? machine.id : '', value);
  return ids;
}

function highlight(value) {
  lastValue = value;
  var ids = activeIds(value);
  document.querySelectorAll('.state').forEach(function (box) {
    var on = ids.indexOf(box.dataset.id) >= 0;
    box.classList.toggle('active', on);
    box.classList.toggle('current', on && ids[ids.length - 1] === box.dataset.id);
  });
  var text = typeof value === 'string' ? value : JSON.stringify(value);
  document.getElementById('state').textContent = text;
}

function time(at) {
  var d = new Date(at);
  return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function isRoot(event) {
  return event.actorRef && event.actorRef.sessionId === event.rootId;
}

function addEvent(at, event) {
  var type = event.event && event.event.type;
  if (!type) return;
  var li = el('li', userEvents[type] ? 'user' : '');
  li.dataset.root = isRoot(event) ? 'yes' : 'no';
  li.dataset.type = type;
  li.appendChild(el('time', '', time(at)));
  li.appendChild(el('span', 'type', type));
  li.appendChild(el('span', 'to', '\u2192 ' + (event.actorRef ? event.actorRef.id : '?')));
  var details = el('details');
  details.appendChild(el('summary', '', 'data'));
  details.appendChild(el('pre', '', JSON.stringify(event.event, null, 2)));
  li.appendChild(details);
  li.hidden = !isRoot(event) && !document.getElementById('all-events').checked;
  document.getElementById('events').prepend(li);
  eventCount += 1;
  countEvents();
}

function countEvents() {
  var shown = document.querySelectorAll('#events li:not([hidden])').length;
  document.getElementById('event-count').textContent = shown + ' of ' + eventCount + ' events shown';
}

function onInspection(at, event) {
  if (event.type === '@xstate.event') addEvent(at, event);
  if (event.type !== '@xstate.snapshot' || !isRoot(event) || !event.snapshot) return;
  rootSession = event.rootId;
  var error = event.snapshot.context && event.snapshot.context.error;
  document.getElementById('session').textContent =
    'actor ' + rootSession + ' \u00b7 ' + event.snapshot.status + (error ? ' \u00b7 error: ' + error.kind : '');
  if (event.snapshot.value !== undefined) highlight(event.snapshot.value);
  document.getElementById('context').textContent = JSON.stringify(event.snapshot.context, null, 2);
}

function connect() {
  var status = document.getElementById('status');
  var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  socket.onopen = function () { status.dataset.status = 'open'; status.textContent = 'connected'; };
  socket.onclose = function () {
    status.dataset.status = 'closed';
    status.textContent = 'disconnected, retrying';
    setTimeout(connect, 1000);
  };
  socket.onmessage = function (message) {
    var data = JSON.parse(message.data);
    if (data.kind === 'machine') drawMachine(data.machine);
    if (data.kind === 'reset') {
      document.getElementById('events').textContent = '';
      eventCount = 0;
      countEvents();
    }
    if (data.kind === 'inspection') onInspection(data.at, data.event);
  };
}

document.getElementById('all-events').addEventListener('change', function (e) {
  document.querySelectorAll('#events li').forEach(function (li) {
    li.hidden = li.dataset.root !== 'yes' && !e.target.checked;
  });
  countEvents();
});
connect();
`;
