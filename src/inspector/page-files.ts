export const filesScript = String.raw`
const TIMELINE_FORMAT = 'descope-otp-machine/inspector-timeline';
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
let imports = 0;

function exportFlow() {
  const flow = flows.get(shown);
  if (!flow) return;
  const info = { session: flow.info.session, loginId: flow.info.loginId, serverFlow: flow.info.serverFlow };
  const data = {
    format: TIMELINE_FORMAT,
    version: 1,
    machine: chart ? chart.tree.id : undefined,
    flow: info,
    messages: flow.messages.map((m) => ({ at: m.at, instance: m.instance, event: m.event })),
  };
  const link = el('a');
  link.href = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  link.download = 'otp-flow-' + (flow.info.serverFlow || flow.info.id).slice(0, 16) + '.json';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function refuse(reason) {
  throw new Error('Not an inspector timeline: ' + reason + '.');
}

const optionalText = (value) => value === undefined || (typeof value === 'string' && value.length <= 200);

function parseTimeline(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    refuse('it is not JSON');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) refuse('it is not a JSON object');
  if (data.format !== TIMELINE_FORMAT) refuse('its format is not ' + TIMELINE_FORMAT);
  if (data.version !== 1) refuse('its version is not 1');
  const info = data.flow;
  if (!info || typeof info !== 'object' || !optionalText(info.session) || !optionalText(info.loginId) ||
    !optionalText(info.serverFlow)) refuse('its flow is not described');
  if (!Array.isArray(data.messages)) refuse('it has no list of events');
  data.messages.forEach((m, i) => {
    const valid = m && typeof m === 'object' && typeof m.at === 'number' && m.event &&
      typeof m.event === 'object' && typeof m.event.type === 'string' && optionalText(m.instance);
    if (!valid) refuse('entry ' + (i + 1) + ' is not an inspection event');
  });
  if (/eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/.test(text)) refuse('it holds a token; export flows from the inspector, which redacts them');
  return data;
}

function importTimeline(text) {
  const data = parseTimeline(text);
  const id = 'import-' + ++imports;
  const flow = flowOf({ id, imported: true, session: data.flow.session || id, loginId: data.flow.loginId,
    serverFlow: data.flow.serverFlow });
  try {
    data.messages.forEach((m) => addInspection(flow, { kind: 'inspection', flow: id, at: m.at, instance: m.instance,
      event: m.event }));
  } catch (error) {
    flows.delete(id);
    refuse('its events cannot be replayed');
  }
  showFlow(id, true);
}

async function onImport(input) {
  const alert = document.getElementById('import-error');
  const file = input.files && input.files[0];
  input.value = '';
  if (!file) return;
  try {
    if (file.size > MAX_IMPORT_BYTES) refuse('it is larger than 20 MB');
    importTimeline(await file.text());
    alert.textContent = '';
  } catch (error) {
    alert.textContent = error.message;
  }
}
`;
