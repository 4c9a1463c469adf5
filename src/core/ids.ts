import crypto from 'node:crypto';

/** This product's UUIDv5 namespace (a random UUID, fixed forever: changing it changes every derived id). */
const NAMESPACE = '6f1c2a52-3b0e-4f43-9a7d-2f4b8c1d9e60';

const namespaceBytes = new Map<string, Buffer>();

function bytesOf(namespace: string): Buffer {
  let bytes = namespaceBytes.get(namespace);
  if (!bytes) namespaceBytes.set(namespace, (bytes = Buffer.from(namespace.replace(/-/g, ''), 'hex')));
  return bytes;
}

/** Namespace and name are hashed from one reused buffer: every event id is a UUIDv5, so this is on every append's path. */
let input = Buffer.allocUnsafe(512);
/** The variant's hex digit (10xx) for each value of the digit it replaces. */
const VARIANT_DIGIT = '89ab89ab89ab89ab';

/** A name-based UUID (RFC 9562 version 5): the same name always gives the same id. */
export function uuidV5(name: string, namespace: string = NAMESPACE): string {
  // A UTF-16 code unit takes at most 3 bytes of UTF-8.
  if (input.length < 16 + name.length * 3) input = Buffer.allocUnsafe(16 + name.length * 3);
  bytesOf(namespace).copy(input, 0);
  const length = 16 + input.write(name, 16, 'utf8');
  // One-shot hash() is about three times cheaper than createHash() for inputs this small.
  const hex = crypto.hash('sha1', input.subarray(0, length), 'hex');
  // Version 5 in the 13th digit, the variant in the 17th; the first 32 digits of the hash make the rest.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${VARIANT_DIGIT[parseInt(hex[16], 16)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
