/** Why signing in did not work: a title, and a detail that says what failed, where, and what to do. */
export class SignInError extends Error {
  readonly title: string;
  readonly detail: string;

  constructor(title: string, detail: string) {
    super(`${title}: ${detail}`);
    this.name = 'SignInError';
    this.title = title;
    this.detail = detail;
  }
}
