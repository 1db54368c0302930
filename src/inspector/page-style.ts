export const pageStyle = `
:root { color-scheme: light dark; --accent: #2563eb; --active: #16a34a; --line: #8884; --muted: #8a8f98; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; }
header { display: flex; gap: 1.5rem; align-items: baseline; flex-wrap: wrap; padding: .75rem 1rem;
  border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.1rem; margin: 0; }
#status::before { content: '\\25CF  '; color: var(--muted); }
#status[data-status=open]::before { color: var(--active); }
#status[data-status=closed]::before { color: #dc2626; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1rem; padding: 1rem; }
h2 { font-size: .95rem; margin: 0 0 .5rem; }
code, pre { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, monospace; }
#chart > .children { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .75rem; }
.state { border: 1.5px solid var(--line); border-radius: .6rem; padding: .5rem .6rem; transition: all .25s; }
.state .children { display: grid; gap: .5rem; margin-top: .5rem; }
.state.active { border-color: var(--active); box-shadow: 0 0 0 3px #16a34a33; }
.state.active > .title { color: var(--active); }
.state.current { background: #16a34a14; }
.title { font-weight: 600; display: flex; gap: .4rem; align-items: center; }
.badge { font-size: 10px; font-weight: 500; border: 1px solid var(--line); border-radius: 1rem; padding: 0 .4rem;
  color: var(--muted); }
.transitions { list-style: none; margin: .35rem 0 0; padding: 0; font-size: 12px; }
.transitions li { padding: 1px 0; }
.transitions .event { font-weight: 600; }
.transitions .guard, .invoke, .hint { color: var(--muted); }
.invoke { font-size: 12px; margin-top: .25rem; }
#global { margin-top: .75rem; }
aside { display: flex; flex-direction: column; gap: .75rem; min-width: 0; }
#events { list-style: none; margin: 0; padding: 0; max-height: 60vh; overflow: auto; border: 1px solid var(--line);
  border-radius: .5rem; }
#events li { padding: .3rem .5rem; border-bottom: 1px solid var(--line); }
#events li.user { background: #2563eb12; }
#events time { color: var(--muted); margin-right: .5rem; font: 12px ui-monospace, monospace; }
#events .type { font-weight: 600; }
#events .to { color: var(--muted); margin-left: .4rem; }
#events details pre, #context { white-space: pre-wrap; word-break: break-all; margin: .25rem 0 0; }
#context { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem; max-height: 40vh; overflow: auto; }
.events-head { display: flex; justify-content: space-between; align-items: baseline; }
`;
