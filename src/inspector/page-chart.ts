export const chartScript = `
const NS = document.getElementById('diagram').namespaceURI;
let chart = null;
let drawing = null;

function textMeasure() {
  const context = document.createElement('canvas').getContext('2d');
  return (text, bold) => {
    context.font = (bold ? '600 ' : '') + '12px system-ui, sans-serif';
    return Math.ceil(context.measureText(text).width);
  };
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  Object.keys(attrs || {}).forEach((key) => node.setAttribute(key, attrs[key]));
  if (text !== undefined) node.textContent = text;
  return node;
}

function arrowheads() {
  const defs = svg('defs');
  ['plain', 'taken'].forEach((kind) => {
    const marker = svg('marker', { id: 'head-' + kind, viewBox: '0 0 10 10', refX: '9', refY: '5',
      markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'head-' + kind }));
    defs.appendChild(marker);
  });
  return defs;
}

function internalLine(group, line, x, y) {
  if (typeof line === 'string') return group.appendChild(svg('text', { x, y, class: 'invoke' }, line));
  const item = svg('g', { class: 'transition internal', 'data-event': line.event, 'data-source': line.source });
  if (line.guard) item.setAttribute('data-guard', line.guard);
  item.appendChild(svg('text', { x, y }, line.text));
  group.appendChild(item);
}

function drawShape(layer, item, shape, machineId) {
  if (!shape) return;
  if (shape.kind === 'initial') {
    layer.appendChild(svg('circle', { cx: item.x + 6, cy: item.y + 6, r: 6, class: 'initial-dot' }));
    return;
  }
  const group = svg('g', { class: shape.kind === 'any' ? 'any' : 'state' });
  const rect = { x: item.x, y: item.y, width: item.width, height: item.height, rx: 8 };
  group.appendChild(svg('rect', rect));
  const title = shape.kind === 'any' ? shape.title : shape.state.key;
  if (shape.kind === 'state') {
    group.setAttribute('data-state', dotted(machineId, shape.state.id));
    group.setAttribute('data-id', shape.state.id);
    group.setAttribute('data-type', shape.state.type);
    if (shape.state.type === 'final') {
      group.appendChild(svg('rect', { x: item.x + 3, y: item.y + 3, width: item.width - 6,
        height: item.height - 6, rx: 6, class: 'inner' }));
      group.appendChild(svg('text', { x: item.x + item.width - PAD, y: item.y + 18, class: 'badge',
        'text-anchor': 'end' }, 'final'));
    }
  }
  group.appendChild(svg('text', { x: item.x + PAD, y: item.y + 18, class: 'title' }, title));
  shape.lines.forEach((line, i) => internalLine(group, line, item.x + PAD, item.y + HEAD + i * ROW + 10));
  layer.appendChild(group);
}

function drawEdge(layer, item, meta) {
  const group = svg('g', { class: meta.initial ? 'transition initial' : 'transition', 'data-event': meta.event,
    'data-source': meta.source, 'data-target': meta.to });
  if (meta.guard) group.setAttribute('data-guard', meta.guard);
  (item.sections || []).forEach((section) => {
    const points = [section.startPoint].concat(section.bendPoints || [], [section.endPoint]);
    const d = points.map((p, i) => (i ? 'L' : 'M') + p.x + ',' + p.y).join(' ');
    group.appendChild(svg('path', { d, class: 'line', 'marker-end': 'url(#head-plain)' }));
  });
  (item.labels || []).forEach((label) => {
    const text = svg('text', { x: label.x + 3, y: label.y + 11, class: 'label' });
    label.text.split('\\n').forEach((line, i) => {
      text.appendChild(svg('tspan', { x: label.x + 3, dy: i ? 14 : 0, class: i ? 'guard' : 'event' }, line));
    });
    group.appendChild(text);
  });
  layer.appendChild(group);
}

function renderChart(tree, built, layout) {
  const root = document.getElementById('diagram');
  root.textContent = '';
  root.setAttribute('viewBox', '0 0 ' + Math.ceil(layout.width) + ' ' + Math.ceil(layout.height));
  root.style.maxWidth = Math.ceil(layout.width) + 'px';
  root.appendChild(arrowheads());
  const nodes = svg('g', { class: 'nodes' });
  const arrows = svg('g', { class: 'arrows' });
  const metas = {};
  built.edges.forEach((edge) => { metas[edge.id] = edge; });
  (function walk(list) {
    list.forEach((item) => {
      drawShape(nodes, item, built.shapes[item.id], tree.id);
      if (item.children) walk(item.children);
    });
  })(layout.children || []);
  (function walkEdges(item) {
    (item.edges || []).forEach((edge) => drawEdge(arrows, edge, metas[edge.id]));
    (item.children || []).forEach(walkEdges);
  })(layout);
  root.appendChild(nodes);
  root.appendChild(arrows);
  document.getElementById('chart-title').textContent = 'Machine ' + tree.id;
}

async function drawMachine(tree) {
  const token = {};
  drawing = token;
  const built = buildGraph(tree, textMeasure());
  const layout = await new ELK().layout(built.graph);
  if (drawing !== token) return;
  renderChart(tree, built, layout);
  chart = { tree };
  render();
}

function activeIds(value) {
  const ids = [];
  (function walk(prefix, v) {
    if (typeof v === 'string') return void ids.push(prefix + '.' + v);
    if (!v || typeof v !== 'object') return;
    Object.keys(v).forEach((key) => {
      ids.push(prefix + '.' + key);
      walk(prefix + '.' + key, v[key]);
    });
  })(chart ? chart.tree.id : '', value);
  return ids;
}

const unhash = (id) => (typeof id === 'string' ? id.replace(/^#/, '') : '');

function takenArrows(t) {
  const source = unhash(t.source);
  const targets = (Array.isArray(t.target) ? t.target : []).map(unhash);
  const guard = typeof t.guard === 'string' ? t.guard : t.guard && t.guard.type;
  const all = Array.from(document.querySelectorAll('#diagram .transition:not(.initial)')).filter((g) =>
    g.dataset.source === source && g.dataset.event === t.eventType &&
    (targets.length ? targets.indexOf(g.dataset.target) >= 0 : g.classList.contains('internal')));
  const same = all.filter((g) => (g.dataset.guard || '') === (guard || ''));
  return same.length ? same : all;
}

function showState(value, taken) {
  if (!chart) return;
  const ids = activeIds(value);
  document.querySelectorAll('#diagram .state').forEach((group) => {
    const on = ids.indexOf(group.dataset.id) >= 0;
    group.classList.toggle('active', on);
    group.classList.toggle('current', on && ids[ids.length - 1] === group.dataset.id);
    if (on) group.setAttribute('aria-current', 'true');
    else group.removeAttribute('aria-current');
  });
  document.querySelectorAll('#diagram .transition.taken').forEach((group) => {
    group.classList.remove('taken');
    group.querySelectorAll('path').forEach((path) => path.setAttribute('marker-end', 'url(#head-plain)'));
  });
  (taken || []).forEach((t) => takenArrows(t).forEach((group) => {
    group.classList.add('taken');
    group.querySelectorAll('path').forEach((path) => path.setAttribute('marker-end', 'url(#head-taken)'));
  }));
}
`;
