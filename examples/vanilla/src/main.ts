import '../../shared/style.css';
import { connect, normalizeDom, otpMachine } from 'descope-otp-machine';
import { createActor } from 'xstate';
import { codeFormKey } from '../../shared/labels.ts';
import { exampleOptions } from '../../shared/settings.ts';
import { bindForms, pageElements, renderPage } from './page.ts';
import { keepFlow, restoredFlow } from './persistence.ts';
import { watchWebOtp } from './web-otp.ts';

const actor = createActor(otpMachine, { ...exampleOptions(), snapshot: restoredFlow() });
const page = pageElements();
const view = () => connect(actor.getSnapshot(), actor.send, { normalize: normalizeDom });
let formKey = codeFormKey(view());

const render = () => {
  const current = view();
  const key = codeFormKey(current);
  if (key !== formKey || current.status === 'authenticated' || current.status === 'failed') {
    formKey = key;
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
