import type { DeliveredCode } from './types.ts';

const shortPhone = (phone: string) => (phone.length > 10 ? `${phone.slice(0, 5)}…${phone.slice(-4)}` : phone);

/**
 * One line for a delivered code, as the terminal program, `npm run test-server` and the examples print it:
 * `📨 [test server] code for +1415…0100 by sms: 123456`, with ` (login ID …)` when the code went to another
 * address than the login ID (an update). Phone numbers are shortened; the code is shown in full.
 */
export function formatDelivery(delivery: DeliveredCode): string {
  const { destination, loginId } = delivery;
  const shown = destination.startsWith('+') ? shortPhone(destination) : destination;
  const login = loginId === destination ? '' : ` (login ID ${loginId})`;
  return `📨 [test server] code for ${shown} by ${delivery.method}: ${delivery.code}${login}`;
}
