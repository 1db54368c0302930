import type { ButtonHTMLAttributes, InputHTMLAttributes } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import {
  connect,
  createNormalizer,
  normalizeDom,
  normalizeReact,
  type OtpEvent,
  type PropNames,
  type PropNormalizer,
} from '../../src/index.ts';

declare const snapshot: Parameters<typeof connect>[0];
declare const send: (event: OtpEvent) => void;

const viewWith = <Names extends PropNames>(normalize: PropNormalizer<Names>) =>
  connect(snapshot, send, { normalize });

describe('prop getters', () => {
  it('type-check as React props with no cast', () => {
    const view = viewWith(normalizeReact);
    expectTypeOf(view.getCodeInputProps()).toExtend<InputHTMLAttributes<HTMLInputElement>>();
    expectTypeOf(view.getVerifyButtonProps()).toExtend<ButtonHTMLAttributes<HTMLButtonElement>>();
    expectTypeOf(view.getResendButtonProps()).toExtend<ButtonHTMLAttributes<HTMLButtonElement>>();
    expectTypeOf(view.getCodeInputProps()).not.toHaveProperty('autocomplete');
    expectTypeOf(viewWith(normalizeDom).getCodeInputProps()).toHaveProperty('autocomplete');
  });

  it('follow a custom spelling made with createNormalizer', () => {
    const normalizeSolid = createNormalizer({ onclick: 'onClick', maxlength: 'maxLength' });
    expectTypeOf(viewWith(normalizeSolid).getResetButtonProps().onClick).toEqualTypeOf<() => void>();
  });
});
