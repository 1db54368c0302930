import { LAYOUT_PATH } from './assets.ts';
import { chartScript } from './page-chart.ts';
import { filesScript } from './page-files.ts';
import { graphScript } from './page-graph.ts';
import { pageScript } from './page-script.ts';
import { pageStyle } from './page-style.ts';
import { timelineScript } from './page-timeline.ts';

/**
 * The inspector page: one HTML document with inline CSS and JS; the only other thing it loads is the
 * layout library (ELK), from the inspector's own server.
 */
export function inspectorPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OTP flow inspector</title>
<style>${pageStyle}</style>
</head>
<body>
<header>
  <h1>OTP flow inspector</h1>
  <span id="status" data-status="connecting">connecting</span>
  <span>state: <code id="state">none yet</code></span>
  <span id="session"></span>
  <span id="event-count">0 of 0 events shown</span>
</header>
<main>
  <nav aria-labelledby="flows-title">
    <h2 id="flows-title">Flows</h2>
    <ul id="flows"></ul>
    <div class="files">
      <button type="button" id="export" disabled>Export flow</button>
      <label class="file">Import flow <input type="file" id="import" accept="application/json,.json"></label>
    </div>
    <p id="import-error" role="alert"></p>
  </nav>
  <section id="chart" aria-labelledby="chart-title">
    <h2 id="chart-title">Machine</h2>
    <svg id="diagram" role="group" aria-labelledby="chart-title"></svg>
  </section>
  <aside>
    <div class="events-head">
      <h2 id="events-title">Timeline</h2>
      <label><input type="checkbox" id="all-events"> child actors</label>
      <button type="button" id="live" aria-pressed="true">Live</button>
    </div>
    <p id="view-status" aria-live="polite">live</p>
    <ol id="events" aria-labelledby="events-title"></ol>
    <h2 id="event-title">Event</h2>
    <pre id="event" tabindex="0" aria-labelledby="event-title">{}</pre>
    <h2 id="context-title">Context</h2>
    <pre id="context" tabindex="0" aria-labelledby="context-title">{}</pre>
    <p class="hint">Codes and tokens are replaced with [redacted] before they leave the process.</p>
  </aside>
</main>
<script src="${LAYOUT_PATH}"></script>
<script>${graphScript}${chartScript}${timelineScript}${filesScript}${pageScript}</script>
</body>
</html>
`;
}
