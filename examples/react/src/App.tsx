import { useMachine } from '@xstate/react';
import { connect, normalizeReact, otpMachine } from 'descope-otp-machine';
import {
  channelChoices,
  channelName,
  codeFormKey,
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
import { exampleOptions } from '../../shared/settings.ts';
import { useTick } from './use-tick.ts';

const options = exampleOptions();

export function App() {
  const [snapshot, send] = useMachine(otpMachine, options);
  useTick();
  const view = connect(snapshot, send, { normalize: normalizeReact });
  const screen = screenOf(view);
  const { session } = view;

  return (
    <main className="otp-card">
      <header className="otp-header">
        <h1>Sign in with a code</h1>
        <span className="framework">React</span>
      </header>
      <p className="status" data-testid="status" data-status={view.status} role="status" aria-live="polite">
        {statusText(view)}
      </p>
      {view.error && (
        <p className="error" data-testid="error" role="alert">
          {view.error.message}
        </p>
      )}

      {screen === 'start' && (
        <form
          className="step"
          data-testid="send-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const { loginId, channel } = readSendForm(event.currentTarget);
            view.send(loginId, { channel });
          }}
        >
          <div className="field">
            <label htmlFor="login-id">Phone number</label>
            <input
              id="login-id"
              name="loginId"
              type="tel"
              autoComplete="tel"
              placeholder="+14155550100"
              data-testid="login-id"
              defaultValue={view.loginId}
            />
          </div>
          <fieldset className="channels">
            <legend>Send the code by</legend>
            {channelChoices.map((choice) => (
              <label key={choice.value}>
                <input
                  type="radio"
                  name="channel"
                  value={choice.value}
                  data-testid={`channel-${choice.value}`}
                  defaultChecked={choice.value === view.channel}
                />{' '}
                {choice.label}
              </label>
            ))}
          </fieldset>
          {view.resendInSeconds > 0 && (
            <p className="hint" data-testid="send-countdown">
              {sendWaitText(view)}
            </p>
          )}
          <button data-testid="send" {...view.getSendButtonProps()}>
            {sendLabel(view)}
          </button>
        </form>
      )}

      {screen === 'code' && (
        <section className="step" data-testid="code-step">
          <p className="destination">
            Code sent by <span data-testid="channel">{channelName(view.channel)}</span> to{' '}
            <strong data-testid="masked-destination">{view.maskedDestination}</strong>
          </p>
          <form
            key={codeFormKey(view)}
            className="step"
            data-testid="code-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              view.submitCode(readCode(event.currentTarget));
            }}
          >
            <div className="field">
              <label htmlFor="code">Code</label>
              <input
                id="code"
                name="code"
                type="text"
                className="code-input"
                data-testid="code"
                {...view.getCodeInputProps()}
              />
            </div>
            <button data-testid="submit-code" {...view.getVerifyButtonProps()}>
              {verifyLabel(view)}
            </button>
          </form>
          <div className="resend">
            {view.resendInSeconds > 0 && <p data-testid="resend-countdown">{resendText(view)}</p>}
            <div className="actions">
              <button className="secondary" data-testid="resend" {...view.getResendButtonProps()}>
                Resend code
              </button>
              {view.channel === 'sms' && (
                <button
                  className="secondary"
                  data-testid="resend-voice"
                  {...view.getResendButtonProps('voice')}
                >
                  Call me instead
                </button>
              )}
            </div>
          </div>
        </section>
      )}

      {screen === 'done' && session && (
        <section className="signed-in" data-testid="authenticated">
          <h2>You are signed in</h2>
          <dl>
            <dt>User ID</dt>
            <dd data-testid="user-id">{session.user.userId}</dd>
            <dt>Login ID</dt>
            <dd data-testid="user-login-id">{view.loginId}</dd>
            <dt>First sign-in</dt>
            <dd data-testid="first-seen">{firstSeenText(session)}</dd>
          </dl>
        </section>
      )}

      {(screen === 'code' || screen === 'failed') && (
        <button className="link" data-testid="reset" {...view.getResetButtonProps()}>
          Start over
        </button>
      )}
    </main>
  );
}
