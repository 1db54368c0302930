import { channels as allChannels, isChannel } from '../../machines/concepts.ts';
import type { Channel, InvalidField, OtpInput } from '../index.ts';
import type { FlowFailure } from './types.ts';

/** The longest login ID Descope accepts, in characters: an email address that becomes one is no longer. */
const maxLoginIdLength = 320;

/** The delivery methods steps may name: `channels`, checked, or the input's channel alone. */
export function allowedChannelsOf(input: OtpInput, channels: unknown): ReadonlySet<Channel> {
  const inputChannel = input.channel ?? 'email';
  if (channels === undefined) return new Set([inputChannel]);
  if (!Array.isArray(channels) || channels.length === 0 || !channels.every(isChannel))
    throw new TypeError(`createOtpFlows: channels must be a non-empty list of ${allChannels.join(', ')}`);
  if (!channels.includes(inputChannel))
    throw new TypeError(`createOtpFlows: channels must include the input's channel (${inputChannel})`);
  return new Set(channels);
}

/** The first field of a step's arguments that is given but not a string, or not an allowed channel. */
export function argumentProblem(
  fields: Record<string, unknown>,
  names: readonly InvalidField[],
  allowed: ReadonlySet<Channel>,
): FlowFailure | null {
  for (const field of names) {
    const value = fields[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > maxLoginIdLength))
      return { kind: 'invalidInput', field };
  }
  const { channel } = fields;
  if (channel !== undefined && !allowed.has(channel as Channel))
    return { kind: 'invalidInput', field: 'channel' };
  return null;
}
