import '../../shared/style.css';
import { connect, type OtpSession, otpMachine } from 'descope-otp-machine';
import { createActor } from 'xstate';
import { exampleOptions } from '../../shared/settings.ts';
import { bindControls, pageElements, renderPage } from './page.ts';
import { keepFlow, restoredFlow } from './persistence.ts';
import { watchWebOtp } from './web-otp.ts';

const actor = createActor(otpMachine, { ...exampleOptions(), snapshot: restoredFlow() });
const page = pageElements();
const view = () => connect(actor.getSnapshot(), actor.send);
let generation = actor.getSnapshot().context.generation;

const render = () => {
  const snapshot = actor.getSnapshot();
  if (
    snapshot.context.generation !== generation ||
    snapshot.status !== 'active' ||
    snapshot.matches('failed')
  ) {
    generation = snapshot.context.generation;
    page.code.value = '';
  }
  renderPage(page, view(), snapshot.output as OtpSession | undefined);
};

bindControls(page, view);
actor.subscribe(render);
keepFlow(actor);
watchWebOtp(actor, (code) => {
  page.code.value = code;
  view().submitCode(code);
});
actor.start();
render();
setInterval(render, 1000);
