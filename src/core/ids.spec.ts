import { isUuid, uuidV5 } from './ids';

describe('uuidV5', () => {
  it("gives RFC 9562's example id for www.example.com in the DNS namespace", () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same valid version-5 id for the same name, and another for another name', () => {
    const id = uuidV5('telemetry:w-1:0|workout-w-1|0');
    expect(isUuid(id) && id[14] === '5').toBe(true);
    expect(uuidV5('telemetry:w-1:0|workout-w-1|0')).toBe(id);
    expect(uuidV5('telemetry:w-1:1|workout-w-1|0')).not.toBe(id);
  });
});
