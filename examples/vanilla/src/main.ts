import '../../shared/style.css';
import { connect, normalizeDom, otpMachine } from 'descope-otp-machine';
import { createActor } from 'xstate';
import { exampleOptions } from '../../shared/settings.ts';
import { bindForms, pageElements, renderPage } from './page.ts';
import { keepFlow, restoredFlow } from './persistence.ts';
import { watchWebOtp } from './web-otp.ts';

const actor = createActor(otpMachine, { ...exampleOptions(), snapshot: restoredFlow() });
const page = pageElements();
const view = () => connect(actor.getSnapshot(), actor.send, { normalize: normalizeDom });
let codeKey = view().codeKey;

const render = () => {
  const current = view();
  if (current.codeKey !== codeKey || current.status === 'authenticated' || current.status === 'failed') {
    codeKey = current.codeKey;
    page.code.value = '';
  }
  renderPage(page, current);
};

bindForms(page, view);
actor.subscribe(render);
keepFlow(actor);
watchWebOtp(actor, view, (code) => {
  page.code.value = code;
  view().submitCode(code);
});
actor.start();
render();
setInterval(render, 1000);
