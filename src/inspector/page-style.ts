export const pageStyle = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #545b66; --line: #c9ced6;
  --accent: #1d4ed8; --active: #15803d; --active-bg: #dcfce7; --taken: #c2410c; --box: #f6f8fa;
  --user: #eff6ff; --error: #b91c1c; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #aab2bd; --line: #3d444d; --accent: #79a6ff;
    --active: #4ade80; --active-bg: #12361f; --taken: #fb923c; --box: #161b22; --user: #14213d; --error: #f87171; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
header { display: flex; gap: 1.5rem; align-items: baseline; flex-wrap: wrap; padding: .75rem 1rem;
  border-bottom: 1px solid var(--line); }
header h1 { font-size: 1.1rem; margin: 0; }
#status::before { content: '\\25CF  '; color: var(--muted); }
#status[data-status=open]::before { color: var(--active); }
#status[data-status=closed]::before { color: var(--error); }
main { display: grid; grid-template-columns: 14rem minmax(0, 1fr) minmax(18rem, 24rem); gap: 1rem; padding: 1rem; }
h2 { font-size: .95rem; margin: 0 0 .5rem; }
code, pre { font: 12px/1.35 ui-monospace, SFMono-Regular, Menlo, monospace; }
button { font: inherit; color: inherit; background: var(--box); border: 1px solid var(--line); border-radius: .4rem;
  padding: .2rem .5rem; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button[aria-pressed=true], button[aria-current=true] { border-color: var(--accent); background: var(--user); }
#flows { list-style: none; margin: 0 0 .75rem; padding: 0; display: flex; flex-direction: column; gap: .35rem; }
#flows button { width: 100%; text-align: left; display: flex; flex-direction: column; }
.flow-state { color: var(--muted); font-size: 12px; }
.files { display: flex; flex-direction: column; gap: .4rem; align-items: flex-start; }
.file input { display: block; font-size: 12px; margin-top: .2rem; max-width: 13rem; }
#import-error { color: var(--error); font-size: 12px; }
#chart { overflow: auto; min-width: 0; }
#diagram { display: block; width: 100%; height: auto; font: 12px system-ui, sans-serif; }
#diagram .state rect, #diagram .any rect { fill: var(--box); stroke: var(--line); stroke-width: 1.5; }
#diagram .any rect { fill: none; stroke-dasharray: 5 4; }
#diagram .state rect.inner { fill: none; }
#diagram text { fill: var(--fg); }
#diagram .title { font-weight: 600; }
#diagram .badge, #diagram .invoke { fill: var(--muted); }
#diagram .state.active > rect { stroke: var(--active); stroke-width: 2.5; }
#diagram .state.current > rect:first-child { fill: var(--active-bg); }
#diagram .state.active > .title { fill: var(--active); }
#diagram .transition .line { fill: none; stroke: var(--muted); stroke-width: 1.2; }
#diagram .head-plain { fill: var(--muted); }
#diagram .head-taken { fill: var(--taken); }
#diagram .label .guard { fill: var(--muted); }
#diagram .label { font-size: 11px; paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
#diagram .transition.taken .line { stroke: var(--taken); stroke-width: 2.5; }
#diagram .transition.taken text { fill: var(--taken); font-weight: 700; }
#diagram .initial-dot { fill: var(--fg); }
aside { display: flex; flex-direction: column; gap: .5rem; min-width: 0; }
.events-head { display: flex; gap: .75rem; align-items: baseline; }
.events-head h2 { margin-right: auto; }
#view-status { margin: 0; color: var(--muted); }
#events { list-style: none; margin: 0; padding: 0; max-height: 45vh; overflow: auto; border: 1px solid var(--line);
  border-radius: .5rem; }
#events li { border-bottom: 1px solid var(--line); }
#events li.step { padding: .25rem .5rem; font-weight: 600; background: var(--box); }
#events li.user button { background: var(--user); }
#events button { width: 100%; text-align: left; border: 0; border-radius: 0; background: transparent;
  padding: .3rem .5rem; }
#events button[aria-current=true] { box-shadow: inset 4px 0 0 var(--accent); background: var(--user); }
#events time { color: var(--muted); margin-right: .5rem; font: 12px ui-monospace, monospace; }
#events .type { font-weight: 600; }
#events .to { color: var(--muted); margin-left: .4rem; }
#event, #context { white-space: pre-wrap; word-break: break-all; margin: 0; border: 1px solid var(--line);
  border-radius: .5rem; padding: .5rem; max-height: 30vh; overflow: auto; }
.hint { color: var(--muted); margin: 0; }
`;
