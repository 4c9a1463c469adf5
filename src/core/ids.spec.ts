import { createHash } from 'node:crypto';
import { isUuid, uuidV5 } from './ids';

/** UUIDv5 straight from RFC 9562, section 5.5. */
function reference(name: string, namespace: string): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

describe('uuidV5', () => {
  it("gives RFC 9562's example id for www.example.com in the DNS namespace", () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('hashes the UTF-8 bytes of the name, whatever its length', () => {
    // Computed with an independent implementation (createHash over namespace bytes + UTF-8 name).
    expect(uuidV5('läufer 🏃', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(reference('läufer 🏃', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'));
    const long = 'x'.repeat(5_000) + 'ü';
    expect(uuidV5(long)).toBe(reference(long, '6f1c2a52-3b0e-4f43-9a7d-2f4b8c1d9e60'));
    expect(uuidV5('short')).toBe(reference('short', '6f1c2a52-3b0e-4f43-9a7d-2f4b8c1d9e60'));
  });

  it('gives the same valid version-5 id for the same name, and another for another name', () => {
    const id = uuidV5('telemetry:w-1:0|workout-w-1|0');
    expect(isUuid(id) && id[14] === '5').toBe(true);
    expect(uuidV5('telemetry:w-1:0|workout-w-1|0')).toBe(id);
    expect(uuidV5('telemetry:w-1:1|workout-w-1|0')).not.toBe(id);
  });
});
