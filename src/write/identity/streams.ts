import { createHash } from 'node:crypto';

export const userStream = (userId: string) => `user-${userId}`;

/** E-mail addresses compare case-insensitively and without surrounding blanks. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** One stream per address, named by its hash so the address itself is not in stream names. */
export const emailClaimStream = (email: string) =>
  `useremail-${createHash('sha256').update(normaliseEmail(email)).digest('hex')}`;
