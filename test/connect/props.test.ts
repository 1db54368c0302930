import { describe, expect } from 'vitest';
import { SimulatedClock } from 'xstate';
import {
  connect,
  createNormalizer,
  normalizeDom,
  normalizeReact,
  normalizeSvelte,
  normalizeVue,
  type PropNames,
  type PropNormalizer,
} from '../../src/index.ts';
import { type Flow, test as it } from '../helpers/fixtures.ts';
import { type OtpActor, settle, uniquePhone } from '../helpers/flow.ts';
import { until } from '../helpers/wait.ts';

const viewWith = <Names extends PropNames>(actor: OtpActor, normalize: PropNormalizer<Names>) =>
  connect(actor.getSnapshot(), actor.send, { normalize });

async function awaitingCode(flow: Flow, cooldownMs = 0) {
  const loginId = uniquePhone();
  const actor = flow({ channel: 'sms', resendCooldownMs: cooldownMs });
  actor.send({ type: 'SEND', loginId });
  await settle(actor);
  return { actor, loginId };
}

describe('prop getters', () => {
  it('spell the code field per framework: React camelCase, Vue, Svelte and the DOM HTML attributes', async ({
    flow,
  }) => {
    const { actor } = await awaitingCode(flow);
    const html = { autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 8, pattern: '[0-9 -]*' };
    expect(viewWith(actor, normalizeReact).getCodeInputProps()).toEqual({
      autoComplete: 'one-time-code',
      inputMode: 'numeric',
      maxLength: 8,
      pattern: '[0-9 -]*',
      'aria-invalid': false,
    });
    for (const props of [
      viewWith(actor, normalizeVue).getCodeInputProps(),
      viewWith(actor, normalizeSvelte).getCodeInputProps(),
      viewWith(actor, normalizeDom).getCodeInputProps(),
    ]) {
      expect(props).toEqual({ ...html, 'aria-invalid': false });
    }
    actor.stop();
  });

  it('name the click listener onClick for React and Vue, onclick for Svelte and the DOM', async ({
    flow,
  }) => {
    const { actor } = await awaitingCode(flow);
    expect(Object.keys(viewWith(actor, normalizeReact).getResetButtonProps())).toEqual([
      'type',
      'disabled',
      'onClick',
    ]);
    expect(Object.keys(viewWith(actor, normalizeVue).getResetButtonProps())).toContain('onClick');
    expect(Object.keys(viewWith(actor, normalizeSvelte).getResetButtonProps())).toContain('onclick');
    expect(Object.keys(viewWith(actor, normalizeDom).getResetButtonProps())).toContain('onclick');
    actor.stop();
  });

  it('disable each button while the machine would refuse its event, and the listeners send it', async ({
    flow,
  }) => {
    const { actor, loginId } = await awaitingCode(flow, 30_000);
    const waiting = viewWith(actor, normalizeReact);
    expect(waiting.getSendButtonProps()).toEqual({ type: 'submit', disabled: true });
    expect(waiting.getVerifyButtonProps()).toEqual({ type: 'submit', disabled: false });
    expect(waiting.getResendButtonProps()).toMatchObject({ type: 'button', disabled: true });
    expect(waiting.getResetButtonProps()).toMatchObject({ type: 'button', disabled: false });

    waiting.getResetButtonProps().onClick();
    const idle = viewWith(actor, normalizeReact);
    expect(idle.status).toBe('idle');
    expect(idle.getSendButtonProps().disabled).toBe(false);
    expect(idle.getVerifyButtonProps().disabled).toBe(true);
    expect(idle.loginId).toBe(loginId);
    actor.stop();
  });

  it('resend over the channel given to the getter', async ({ server, flow }) => {
    const { actor, loginId } = await awaitingCode(flow);
    const view = viewWith(actor, normalizeDom);
    expect(view.getResendButtonProps('voice').disabled).toBe(false);
    view.getResendButtonProps('voice').onclick();
    await settle(actor);
    expect(viewWith(actor, normalizeDom)).toMatchObject({ channel: 'voice', codeKey: 2 });
    expect(server.deliveries.filter((sent) => sent.loginId === loginId).map((sent) => sent.method)).toEqual([
      'sms',
      'voice',
    ]);
    actor.stop();
  });

  it('mark the code field invalid after a wrong or malformed code, not after a failed resend', async ({
    server,
    flow,
  }) => {
    const { actor, loginId } = await awaitingCode(flow);
    const code = server.lastCode(loginId) ?? '';
    viewWith(actor, normalizeVue).submitCode(code === '000000' ? '111111' : '000000');
    await settle(actor);
    expect(viewWith(actor, normalizeVue).getCodeInputProps()['aria-invalid']).toBe(true);
    viewWith(actor, normalizeVue).submitCode('12');
    expect(viewWith(actor, normalizeVue).getCodeInputProps()['aria-invalid']).toBe(true);

    server.fault({ kind: 'status', status: 503, path: /signup-in/ });
    viewWith(actor, normalizeVue).resend();
    await settle(actor);
    const failedResend = viewWith(actor, normalizeVue);
    expect(failedResend.error?.kind).toBe('server');
    expect(failedResend.getCodeInputProps()['aria-invalid']).toBe(false);
    actor.stop();
  });

  it('mark the code field invalid after an expired code, not after a refused login ID', async ({ flow }) => {
    const clock = new SimulatedClock();
    clock.set(1_700_000_000_000);
    const actor = flow({ channel: 'sms', codeTtlMs: 60_000 }, { clock });
    actor.send({ type: 'SEND', loginId: 'not a phone' });
    expect(viewWith(actor, normalizeDom).error).toMatchObject({ kind: 'invalidInput', field: 'loginId' });
    expect(viewWith(actor, normalizeDom).getCodeInputProps()['aria-invalid']).toBe(false);
    actor.send({ type: 'SEND', loginId: uniquePhone() });
    await settle(actor);
    clock.increment(60_000);
    await until(() => viewWith(actor, normalizeDom).codeExpired);
    expect(viewWith(actor, normalizeDom).getCodeInputProps()['aria-invalid']).toBe(true);
    actor.stop();
  });

  it('disable every button but resend once the flow is authenticated', async ({ server, flow }) => {
    const { actor, loginId } = await awaitingCode(flow);
    actor.send({ type: 'SUBMIT_CODE', code: server.lastCode(loginId) ?? '' });
    await settle(actor, 20_000);
    const done = viewWith(actor, normalizeReact);
    expect(done.status).toBe('authenticated');
    expect(done.getSendButtonProps().disabled).toBe(true);
    expect(done.getVerifyButtonProps().disabled).toBe(true);
    expect(done.getResendButtonProps().disabled).toBe(true);
    expect(done.getResetButtonProps().disabled).toBe(true);
    actor.stop();
  });

  it('are absent without a normaliser, where codeInput holds the HTML attributes', ({ flow }) => {
    const actor = flow({ channel: 'sms' });
    const view = connect(actor.getSnapshot(), actor.send);
    expect(view.codeInput).toEqual({ autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: 8 });
    expect('getCodeInputProps' in view).toBe(false);
    actor.stop();
  });

  it('follow a custom spelling made with createNormalizer', async ({ flow }) => {
    const { actor } = await awaitingCode(flow);
    const normalizeSolid = createNormalizer({ onclick: 'onClick', maxlength: 'maxLength' });
    const view = viewWith(actor, normalizeSolid);
    expect(view.getCodeInputProps()).toMatchObject({ maxLength: 8, autocomplete: 'one-time-code' });
    expect(view.getSendButtonProps()).toEqual({ type: 'submit', disabled: true });
    expect(view.getResetButtonProps()).toEqual({
      type: 'button',
      disabled: false,
      onClick: expect.any(Function),
    });
    actor.stop();
  });
});
