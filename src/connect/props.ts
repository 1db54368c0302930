import type { Channel, OtpFailure } from '../../machines/otp.types.ts';
import type { OtpView } from './types.ts';

/** Attributes for the code input, spelled as HTML attributes. */
export interface CodeInputAttributes {
  /** Lets browsers and phones offer the code from the SMS. */
  autocomplete: 'one-time-code';
  /** Shows a digit keyboard. */
  inputmode: 'numeric';
  /** `codeLength` plus room for a space or dash in a pasted code. */
  maxlength: number;
}

/** What `getCodeInputProps()` returns before renaming: HTML attribute names. */
export interface CodeInputProps extends CodeInputAttributes {
  /** Digits, spaces and dashes: `'[0-9 -]*'`. */
  pattern: string;
  /** True while the last failure is about the code (malformed, wrong or expired). */
  'aria-invalid': boolean;
}

/** What the getters of submit buttons (send, verify) return before renaming: the page's form submits. */
export interface SubmitButtonProps {
  /** Always `'submit'`: the form reads its fields and calls `view.send` / `view.submitCode`. */
  type: 'submit';
  /** True while the machine would not accept the event. */
  disabled: boolean;
}

/** What the getters of action buttons (resend, reset) return before renaming. */
export interface ActionButtonProps {
  /** Always `'button'`. */
  type: 'button';
  /** True while the machine would not accept the event. */
  disabled: boolean;
  /** Sends the event. */
  onclick: () => void;
}

/** How a framework names props that differ from their HTML attribute names: `{ htmlName: frameworkName }`. */
export type PropNames = Readonly<Record<string, string>>;

/** No renaming: HTML attribute names, as the DOM and Svelte take them. */
export type HtmlPropNames = Readonly<Record<never, string>>;

/** `Props` with the keys listed in `Names` renamed. */
export type Renamed<Props, Names extends PropNames> = {
  [Key in keyof Props as Key extends keyof Names ? Names[Key] & string : Key]: Props[Key];
};

/** Prop getters for the controls of a flow, in one framework's spelling. Spread what they return. */
export interface OtpPropGetters<Names extends PropNames = HtmlPropNames> {
  /** Props for the code `<input>`. */
  getCodeInputProps(): Renamed<CodeInputProps, Names>;
  /** Props for the send form's submit button: disabled unless `canSend`. */
  getSendButtonProps(): Renamed<SubmitButtonProps, Names>;
  /** Props for the code form's submit button: disabled unless a code is awaited. */
  getVerifyButtonProps(): Renamed<SubmitButtonProps, Names>;
  /** Props for a resend button (over `channel`, or the current one): disabled unless `canResend`. */
  getResendButtonProps(channel?: Channel): Renamed<ActionButtonProps, Names>;
  /** Props for the start-over button: disabled once `authenticated`. */
  getResetButtonProps(): Renamed<ActionButtonProps, Names>;
}

/**
 * Gives a view its prop getters in one framework's spelling (zag's `normalizeProps`). Pass one to
 * `connect` as `normalize`; make one for another framework with `createNormalizer`.
 */
export type PropNormalizer<Names extends PropNames = HtmlPropNames> = (
  view: OtpView,
) => OtpView & OtpPropGetters<Names>;

const isAboutCode = (error: OtpFailure | null) =>
  error?.kind === 'wrongCode' ||
  error?.kind === 'codeExpired' ||
  (error?.kind === 'invalidInput' && error.field === 'code');

/** A normaliser whose getters rename the props listed in `names` and keep the others as HTML names. */
export function createNormalizer<const Names extends PropNames>(names: Names): PropNormalizer<Names> {
  const rename = <Props extends object>(props: Props) => {
    const renamed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(props)) renamed[names[key] ?? key] = value;
    return renamed as Renamed<Props, Names>;
  };
  const submit = (disabled: boolean) => rename<SubmitButtonProps>({ type: 'submit', disabled });
  const action = (disabled: boolean, onclick: () => void) =>
    rename<ActionButtonProps>({ type: 'button', disabled, onclick });
  return (view) => ({
    ...view,
    getCodeInputProps: () =>
      rename<CodeInputProps>({
        ...view.codeInput,
        pattern: '[0-9 -]*',
        'aria-invalid': isAboutCode(view.error),
      }),
    getSendButtonProps: () => submit(!view.canSend),
    getVerifyButtonProps: () => submit(view.status !== 'awaitingCode'),
    getResendButtonProps: (channel) => action(!view.canResend, () => view.resend(channel)),
    getResetButtonProps: () => action(view.status === 'authenticated', view.reset),
  });
}

const reactNames = {
  autocomplete: 'autoComplete',
  inputmode: 'inputMode',
  maxlength: 'maxLength',
  onclick: 'onClick',
} as const;

const vueNames = { onclick: 'onClick' } as const;

/** React's prop names: `autoComplete`, `inputMode`, `maxLength`, `onClick`. */
export type ReactPropNames = typeof reactNames;

/** Vue's prop names: HTML attributes, the listener as `onClick`. */
export type VuePropNames = typeof vueNames;

/** React's spelling, for `<input {...view.getCodeInputProps()} />` in JSX. */
export const normalizeReact: PropNormalizer<ReactPropNames> = /* @__PURE__ */ createNormalizer(reactNames);

/** Vue's spelling, for `v-bind="view.getCodeInputProps()"`. */
export const normalizeVue: PropNormalizer<VuePropNames> = /* @__PURE__ */ createNormalizer(vueNames);

/** Svelte 5's spelling, for `{...view.getCodeInputProps()}`: HTML attributes, the listener as `onclick`. */
export const normalizeSvelte: PropNormalizer = /* @__PURE__ */ createNormalizer({});

/** The DOM's spelling: HTML attribute names, the listener as the `onclick` property. */
export const normalizeDom: PropNormalizer = normalizeSvelte;
