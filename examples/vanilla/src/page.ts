import type { OtpSession, OtpView } from 'descope-otp-machine';
import {
  canSend,
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

/** Wires the controls to whatever view is current. */
export function bindControls(page: PageElements, currentView: () => OtpView): void {
  page.sendForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const { loginId, channel } = readSendForm(page.sendForm);
    currentView().send(loginId, { channel });
  });
  page.codeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    currentView().submitCode(readCode(page.codeForm));
  });
  page.resend.addEventListener('click', () => currentView().resend());
  page.resendVoice.addEventListener('click', () => currentView().resend('voice'));
  page.reset.addEventListener('click', () => currentView().reset());
}

const show = (element: HTMLElement, visible: boolean) => {
  element.hidden = !visible;
};

/** Puts a view on the page. */
export function renderPage(page: PageElements, view: OtpView, session: OtpSession | undefined): void {
  const screen = screenOf(view);
  page.status.textContent = statusText(view);
  page.status.dataset.status = view.status;

  show(page.sendForm, screen === 'start');
  page.sendCountdown.textContent = sendWaitText(view);
  show(page.sendCountdown, view.resendInSeconds > 0);
  page.send.disabled = !canSend(view);
  page.send.textContent = sendLabel(view);

  show(page.codeStep, screen === 'code');
  page.channel.textContent = channelName(view.channel);
  page.masked.textContent = view.maskedDestination ?? '';
  page.code.autocomplete = view.codeInput.autocomplete;
  page.code.inputMode = view.codeInput.inputmode;
  page.code.maxLength = view.codeInput.maxlength;
  page.code.pattern = view.codeInput.pattern;
  page.submitCode.disabled = view.busy;
  page.submitCode.textContent = verifyLabel(view);
  page.countdown.textContent = resendText(view);
  show(page.countdown, view.resendInSeconds > 0);
  page.resend.disabled = !view.canResend;
  page.resendVoice.disabled = !view.canResend;
  show(page.resendVoice, view.channel === 'sms');

  show(page.authenticated, screen === 'done' && session !== undefined);
  page.userId.textContent = session?.user.userId ?? '';
  page.userLoginId.textContent = view.loginId;
  page.firstSeen.textContent = session ? firstSeenText(session) : '';

  page.error.textContent = view.error?.message ?? '';
  show(page.error, view.error !== null);
  show(page.reset, screen === 'code' || screen === 'failed');
}
