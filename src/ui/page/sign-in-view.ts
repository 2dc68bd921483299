// The sign-in in the page's header: the configured mode, whose sign-in it is once made, and a
// device-code prompt while one waits for the engineer.
import type { SignInView } from './api-types.js';
import { byId, el, show } from './dom.js';

const MODE_WORDS: Readonly<Record<string, string>> = {
  auto: 'the configured sign-in',
  token: 'the token given',
  env: 'the app registration (AZURE_* variables)',
  cli: 'the Azure CLI',
  'device-code': 'a device code',
  'managed-identity': 'the managed identity',
  demo: 'the demo token',
};

export function renderSignIn(view: SignInView, busy: boolean): void {
  const state = byId('sign-in-state');
  const button = byId<HTMLButtonElement>('sign-in');
  const how = MODE_WORDS[view.mode] ?? view.mode;
  switch (view.state) {
    case 'signed-in':
      state.textContent = `Signed in: ${view.description ?? how}${view.kind === undefined || view.kind === 'unknown' ? '' : ` (${view.kind})`}`;
      break;
    case 'signing-in':
      state.textContent = `Signing in with ${how}…`;
      break;
    case 'signed-out':
      state.textContent = view.problem === undefined ? 'Not signed in: a check runs offline' : `Sign-in failed: ${view.problem}`;
  }
  state.className = view.problem === undefined ? '' : 'problem';
  show(button, view.state !== 'signed-in');
  button.textContent = `Sign in with ${how}`;
  button.disabled = busy || view.state === 'signing-in';
  // A device code nobody enters would hold the page until it expires (15 minutes).
  show(byId('sign-in-cancel'), view.state === 'signing-in');
  const prompt = byId('sign-in-prompt');
  const message = view.state === 'signing-in' ? view.prompt : undefined;
  // Written again only when it changes: the prompt is an alert, said anew at each change.
  if (message !== shownPrompt) prompt.replaceChildren(...promptParts(message ?? ''));
  shownPrompt = message;
  show(prompt, message !== undefined);
}

let shownPrompt: string | undefined;

/**
 * The device-code prompt as the sign-in words it ("… open the page https://microsoft.com/devicelogin and
 * enter the code ABCD1234 …"), its address a link that opens beside the page and its code in bold.
 */
function promptParts(message: string): Array<Node | string> {
  const parts: Array<Node | string> = [];
  let at = 0;
  for (const match of message.matchAll(/https:\/\/\S*[^\s.,;:)]|(?<=\bcode )[A-Z0-9]{6,12}\b/g)) {
    parts.push(message.slice(at, match.index));
    const [text] = match;
    parts.push(text.startsWith('https://') ? el('a', { href: text, target: '_blank', rel: 'noopener noreferrer' }, text) : el('strong', { class: 'mono' }, text));
    at = match.index + text.length;
  }
  parts.push(message.slice(at));
  return parts;
}
