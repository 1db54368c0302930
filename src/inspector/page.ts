import { pageScript } from './page-script.ts';
import { pageStyle } from './page-style.ts';

/** The inspector page: one self-contained HTML document (inline CSS and JS, nothing fetched). */
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
  <span id="session" class="hint"></span>
  <span id="event-count">0 of 0 events shown</span>
</header>
<main>
  <section id="chart" aria-label="Statechart"></section>
  <aside>
    <div class="events-head">
      <h2>Events (newest first)</h2>
      <label class="hint"><input type="checkbox" id="all-events"> child actors</label>
    </div>
    <ol id="events" aria-label="Events"></ol>
    <h2>Context</h2>
    <pre id="context" aria-label="Context">{}</pre>
    <p class="hint">Codes and tokens are replaced with [redacted] before they leave the process.</p>
  </aside>
</main>
<script>${pageScript}</script>
</body>
</html>
`;
}
