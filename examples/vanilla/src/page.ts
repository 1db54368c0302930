import type { OtpPropGetters, OtpView } from 'descope-otp-machine';
import {
  channelName,
  firstSeenText,
  readCode,
  readSendForm,
  resendText,
  screenOf,
  sendLabel,
  sendWaitText,
  statusText,
  verifyLabel,
} from '../../shared/labels.ts';
import { spreadProps } from './spread.ts';

const byTestId = <T extends HTMLElement>(id: string): T => {
  const element = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`Missing element ${id}`);
  return element;
};

/** The page's elements, found once. */
export function pageElements() {
  return {
    status: byTestId('status'),
    sendForm: byTestId<HTMLFormElement>('send-form'),
    sendCountdown: byTestId('send-countdown'),
    send: byTestId<HTMLButtonElement>('send'),
    codeStep: byTestId('code-step'),
    channel: byTestId('channel'),
    masked: byTestId('masked-destination'),
    codeForm: byTestId<HTMLFormElement>('code-form'),
    code: byTestId<HTMLInputElement>('code'),
    submitCode: byTestId<HTMLButtonElement>('submit-code'),
    countdown: byTestId('resend-countdown'),
    resend: byTestId<HTMLButtonElement>('resend'),
    resendVoice: byTestId<HTMLButtonElement>('resend-voice'),
    authenticated: byTestId('authenticated'),
    userId: byTestId('user-id'),
    userLoginId: byTestId('user-login-id'),
    firstSeen: byTestId('first-seen'),
    error: byTestId('error'),
    reset: byTestId<HTMLButtonElement>('reset'),
  };
}

export type PageElements = ReturnType<typeof pageElements>;

/** A view with its prop getters in the DOM's spelling. */
export type PageView = OtpView & OtpPropGetters;

/** Wires the forms to whatever view is current; the buttons get their listeners from the view. */
export function bindForms(page: PageElements, currentView: () => OtpView): void {
  page.sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const { loginId, channel } = readSendForm(page.sendForm);
    currentView().send(loginId, { channel });
  });
  page.codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    currentView().submitCode(readCode(page.codeForm));
  });
}

const show = (element: HTMLElement, visible: boolean) => {
  element.hidden = !visible;
};

/** Puts a view on the page. */
export function renderPage(page: PageElements, view: PageView): void {
  const { session } = view;
  const screen = screenOf(view);
  page.status.textContent = statusText(view);
  page.status.dataset.status = view.status;

  show(page.sendForm, screen === 'start');
  page.sendCountdown.textContent = sendWaitText(view);
  show(page.sendCountdown, view.resendInSeconds > 0);
  spreadProps(page.send, view.getSendButtonProps());
  page.send.textContent = sendLabel(view);

  show(page.codeStep, screen === 'code');
  page.channel.textContent = channelName(view.channel);
  page.masked.textContent = view.maskedDestination ?? '';
  spreadProps(page.code, view.getCodeInputProps());
  spreadProps(page.submitCode, view.getVerifyButtonProps());
  page.submitCode.textContent = verifyLabel(view);
  page.countdown.textContent = resendText(view);
  show(page.countdown, view.resendInSeconds > 0);
  spreadProps(page.resend, view.getResendButtonProps());
  spreadProps(page.resendVoice, view.getResendButtonProps('voice'));
  show(page.resendVoice, view.channel === 'sms');

  show(page.authenticated, screen === 'done' && session !== null);
  page.userId.textContent = session?.user.userId ?? '';
  page.userLoginId.textContent = view.loginId;
  page.firstSeen.textContent = session ? firstSeenText(session) : '';

  page.error.textContent = view.error?.message ?? '';
  show(page.error, view.error !== null);
  spreadProps(page.reset, view.getResetButtonProps());
  show(page.reset, screen === 'code' || screen === 'failed');
}
