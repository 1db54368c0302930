import { channels, operations, orList } from './args.ts';

export const helpText = `descope-otp-machine: sign in with a one-time code from the terminal

Usage:
  descope-otp-machine [options]              interactive sign-in (scripted demo without a terminal)
  descope-otp-machine --demo                 scripted walkthrough against the embedded test server
  descope-otp-machine test-server [options]  run the test server alone (see test-server --help)

Without DESCOPE_PROJECT_ID, an embedded test server runs on 127.0.0.1 and prints every code it
"sends" on a line starting with 📨, so you can type it. With DESCOPE_PROJECT_ID, real codes are sent
by Descope to the address you enter.

Options:
  --operation <name>      ${orList(operations)} (default ${operations[0]})
  --channel <name>        ${orList(channels)} (default ${channels[0]}; email for updateEmail)
  --login-id <id>         the login ID (phone like +14155550100, or email)
  --email <address>       the new email address of updateEmail
  --phone <number>        the new phone number of updatePhone
  --refresh-jwt <jwt>     refresh JWT of a signed-in user (updates, step-up, MFA); offline, an
                          update signs the login ID in on the embedded test server instead
  --resend-cooldown <s>   seconds before a new code can be requested (default 30)
  --show-tokens           print the session and refresh JWTs at the end (hidden by default)
  --inspect               stream the flow (redacted) to a local inspector page and print its URL
  --demo                  run the scripted walkthrough, even in a terminal
  --version               print the version
  -h, --help              show this help

Questions not answered by a flag are asked. Press Enter to take the [default].

While waiting for a code, type and press Enter:
  123456                  the code you received (spaces and dashes are ignored)
  r                       send a new code over the same channel, once the countdown ends
  v / s                   send a new code by voice call / by SMS
  e                       edit the login ID: start again
  q                       quit (Ctrl-C too); a request in flight is cancelled

Environment:
  DESCOPE_PROJECT_ID      your Descope project ID: use Descope instead of the embedded test server
  DESCOPE_BASE_URL        the API address (default derived from the project ID)
  DESCOPE_REFRESH_JWT     same as --refresh-jwt

Without a terminal on stdin (piped input, CI), the scripted demo runs: it signs up a demo number by
SMS against the embedded test server, enters a wrong code, asks for a new code, tries the replaced
code, enters the new one and ends signed in. The demo ignores the flow options above.

At the end the user ID, whether this was the first sign-in and the session expiry are printed,
never the tokens unless --show-tokens is given.

Exit status: 0 signed in (or quit with q), 1 failed, 2 invalid arguments, 130 interrupted (Ctrl-C).`;
