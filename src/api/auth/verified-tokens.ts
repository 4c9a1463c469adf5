/**
 * Tokens this process has verified, each until it expires. A token is a pure function of the
 * signing key, which does not change while the server runs, so a verified token stays valid until
 * its `exp`: a client's every request need not check the same HMAC and parse the same JSON again.
 * Bounded: the oldest entry goes first.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { userId: string; expiresAtMs: number }>();

  constructor(private readonly capacity: number) {}

  /** The user id of a token verified before and not yet expired at `nowMs`. */
  get(token: string, nowMs: number): string | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs > nowMs) return entry.userId;
    this.entries.delete(token);
    return undefined;
  }

  remember(token: string, userId: string, expiresAtMs: number): void {
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { userId, expiresAtMs });
  }

  get size(): number {
    return this.entries.size;
  }
}
