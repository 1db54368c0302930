export const graphScript = String.raw`
const ROW = 16;
const HEAD = 26;
const PAD = 10;

function transitionText(t) {
  return t.guard ? t.label + ' [' + t.guard + ']' : t.label;
}

function dotted(machineId, id) {
  return id === machineId ? '' : id.slice(machineId.length + 1);
}

function buildGraph(tree, measure) {
  const parents = {};
  const shapes = {};
  const edges = [];
  const internals = [];

  function internalLines(state, source, transitions) {
    return transitions.filter((t) => t.targets.length === 0).map((t) => {
      internals.push({ source, event: t.event, guard: t.guard || '', text: '\u21ba ' + transitionText(t) });
      return internals[internals.length - 1];
    });
  }

  function addEdge(from, to, source, t) {
    edges.push({ from, to, source, event: t ? t.event : 'xstate.init', guard: t && t.guard ? t.guard : '',
      text: t ? t.label : '', guardText: t && t.guard ? '[' + t.guard + ']' : '', initial: !t });
  }

  function box(id, title, lines, extra) {
    const widths = lines.map((line) => measure(line.text || line) + 2 * PAD);
    return Math.max(measure(title, true) + 2 * PAD + extra, ...widths, 64);
  }

  function node(state, parent) {
    parents[state.id] = parent;
    const lines = internalLines(state, state.id, state.transitions);
    const invoke = state.invoke.length ? 'invokes ' + state.invoke.join(', ') : '';
    const all = invoke ? [invoke].concat(lines) : lines;
    shapes[state.id] = { kind: 'state', state, lines: all };
    const width = box(state.id, state.key, all, state.type === 'final' ? 44 : 0);
    const height = HEAD + all.length * ROW + 6;
    const elk = { id: state.id };
    if (state.states.length) {
      elk.children = state.states.map((child) => node(child, state.id));
      elk.layoutOptions = {
        'elk.padding': '[top=' + (height + 4) + ',left=14,bottom=14,right=14]',
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': '(' + width + ',' + height + ')',
      };
      if (state.initial) {
        const dot = 'initial:' + state.id;
        parents[dot] = state.id;
        shapes[dot] = { kind: 'initial' };
        elk.children.unshift({ id: dot, width: 12, height: 12 });
        addEdge(dot, state.initial, state.id, null);
      }
    } else {
      elk.width = width;
      elk.height = height;
    }
    state.transitions.forEach((t) => t.targets.forEach((target) => addEdge(state.id, target, state.id, t)));
    return elk;
  }

  const children = tree.states.map((child) => node(child, tree.id));
  if (tree.initial) {
    const dot = 'initial:' + tree.id;
    parents[dot] = tree.id;
    shapes[dot] = { kind: 'initial' };
    children.unshift({ id: dot, width: 12, height: 12 });
    addEdge(dot, tree.initial, tree.id, null);
  }
  if (tree.transitions.length) {
    const any = 'any:' + tree.id;
    const lines = internalLines(tree, tree.id, tree.transitions);
    const title = 'any state but a final one';
    parents[any] = tree.id;
    shapes[any] = { kind: 'any', title, lines };
    children.push({ id: any, width: box(any, title, lines, 0), height: HEAD + lines.length * ROW + 6 });
    tree.transitions.forEach((t) => t.targets.forEach((target) => addEdge(any, target, tree.id, t)));
  }

  function chain(id) {
    const out = [];
    for (let at = parents[id]; at !== undefined; at = parents[at]) out.unshift(at);
    return out;
  }
  const containers = { [tree.id]: { children } };
  (function index(list) {
    list.forEach((item) => {
      if (item.children) {
        containers[item.id] = item;
        index(item.children);
      }
    });
  })(children);

  edges.forEach((edge, i) => {
    edge.id = 'edge' + i;
    const theirs = chain(edge.to);
    const ours = chain(edge.from).filter((id) => theirs.indexOf(id) >= 0);
    let scope = ours.length ? ours[ours.length - 1] : tree.id;
    if (edge.from === edge.to || chain(edge.to).indexOf(edge.from) >= 0) scope = parents[edge.from];
    const container = containers[scope] || containers[tree.id];
    container.edges = container.edges || [];
    const lines = edge.guardText ? [edge.text, edge.guardText] : [edge.text];
    const width = Math.max(...lines.map((line) => measure(line))) + 6;
    const labels = edge.text ? [{ id: edge.id + ':label', text: lines.join('\n'), width, height: 14 * lines.length }] : [];
    container.edges.push({ id: edge.id, sources: [edge.from], targets: [edge.to], labels });
  });

  const graph = {
    id: tree.id,
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.spacing.nodeNodeBetweenLayers': '24',
      'elk.spacing.nodeNode': '16',
      'elk.layered.spacing.edgeNodeBetweenLayers': '8',
      'elk.layered.spacing.edgeEdgeBetweenLayers': '6',
      'elk.spacing.edgeEdge': '6',
      'elk.spacing.edgeNode': '8',
      'elk.spacing.edgeLabel': '3',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.cycleBreaking.strategy': 'MODEL_ORDER',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children,
    edges: containers[tree.id].edges || [],
  };
  return { graph, shapes, edges, internals };
}
`;
