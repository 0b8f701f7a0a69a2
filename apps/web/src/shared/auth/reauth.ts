/** Thrown when the user closes the password prompt instead of confirming. Not shown as an error. */
export class ReauthCancelled extends Error {
  constructor() {
    super('Re-authentication cancelled');
    this.name = 'ReauthCancelled';
  }
}

export function isReauthCancelled(e: unknown): boolean {
  return e instanceof ReauthCancelled;
}
