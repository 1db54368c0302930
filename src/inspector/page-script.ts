export const pageScript = `
function clearAll() {
  flows.clear();
  shown = null;
  viewing = null;
  document.getElementById('events').textContent = '';
  renderFlows();
  render();
}

function connect() {
  const status = document.getElementById('status');
  const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  socket.onopen = () => {
    status.dataset.status = 'open';
    status.textContent = 'connected';
  };
  socket.onclose = () => {
    status.dataset.status = 'closed';
    status.textContent = 'disconnected, retrying';
    setTimeout(connect, 1000);
  };
  socket.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (data.kind === 'machine') drawMachine(data.machine);
    if (data.kind === 'reset') clearAll();
    if (data.kind === 'flow') onFlow(data.flow);
    if (data.kind === 'inspection') onInspection(data);
  };
}

document.getElementById('all-events').addEventListener('change', (e) => {
  document.querySelectorAll('#events li.entry').forEach((li) => {
    li.hidden = li.dataset.root !== 'yes' && !e.target.checked;
  });
  render();
});
document.getElementById('events').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-event-index]');
  if (button) select(Number(button.dataset.eventIndex));
});
document.getElementById('events').addEventListener('keydown', (e) => {
  const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
  if (e.key === 'Escape') {
    viewing = null;
    render();
    return;
  }
  if (!(e.key in moves)) return;
  e.preventDefault();
  step(moves[e.key]);
});
document.getElementById('live').addEventListener('click', () => {
  viewing = null;
  render();
});
document.getElementById('flows').addEventListener('click', (e) => {
  const button = e.target.closest('button[data-flow]');
  if (button) showFlow(button.dataset.flow, true);
});
document.getElementById('export').addEventListener('click', exportFlow);
document.getElementById('import').addEventListener('change', (e) => onImport(e.target));
connect();
`;
