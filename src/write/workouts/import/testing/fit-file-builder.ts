import { FitBaseType, FitEncoder, type FitEncoderField } from 'fit-file-parser';

/** Builds small synthetic FIT files for tests (FIT profile message/field numbers and scales). */
export interface FitRecordSpec {
  time: Date;
  lat?: number;
  lon?: number;
  /** Metres. */
  altitude?: number;
  heartRate?: number;
  /** Whole rpm (per leg for runs). */
  cadence?: number;
  /** Fractional part of the cadence, 0..1 in steps of 1/128. */
  fractionalCadence?: number;
}

export interface FitSessionSpec {
  start: Date;
  /** FIT sport enum: 1 running, 2 cycling, 11 walking, 17 hiking... */
  sport: number;
  /** FIT sub_sport enum: 0 generic, 3 trail, 8 mountain... */
  subSport?: number;
  /** Seconds. */
  elapsedTime: number;
  /** Metres. */
  distance?: number;
}

export interface FitFileSpec {
  /** FIT file type enum: 4 activity (default), 6 course. */
  fileType?: number;
  records: readonly FitRecordSpec[];
  sessions?: readonly FitSessionSpec[];
}

const MESSAGE = { fileId: 0, session: 18, record: 20 } as const;
const semicircles = (degrees: number): number => Math.round((degrees * 2 ** 31) / 180);
const field = (number: number, size: number, baseType: FitBaseType, value: number): FitEncoderField => ({
  number,
  size,
  baseType,
  value,
});

export function buildFitFile(spec: FitFileSpec): Buffer {
  const encoder = new FitEncoder();
  const created = spec.records[0]?.time ?? new Date('2024-01-01T00:00:00Z');
  encoder.writeMessage(MESSAGE.fileId, [
    field(0, 1, FitBaseType.Enum, spec.fileType ?? 4),
    field(4, 4, FitBaseType.Uint32, FitEncoder.toFitTimestamp(created)),
  ]);
  for (const record of spec.records) {
    const fields = [field(253, 4, FitBaseType.Uint32, FitEncoder.toFitTimestamp(record.time))];
    if (record.lat !== undefined) fields.push(field(0, 4, FitBaseType.Sint32, semicircles(record.lat)));
    if (record.lon !== undefined) fields.push(field(1, 4, FitBaseType.Sint32, semicircles(record.lon)));
    if (record.heartRate !== undefined) fields.push(field(3, 1, FitBaseType.Uint8, record.heartRate));
    if (record.cadence !== undefined) fields.push(field(4, 1, FitBaseType.Uint8, record.cadence));
    if (record.fractionalCadence !== undefined) {
      fields.push(field(53, 1, FitBaseType.Uint8, Math.round(record.fractionalCadence * 128)));
    }
    if (record.altitude !== undefined) {
      fields.push(field(78, 4, FitBaseType.Uint32, Math.round((record.altitude + 500) * 5)));
    }
    encoder.writeMessage(MESSAGE.record, fields);
  }
  for (const session of spec.sessions ?? []) {
    const fields = [
      field(253, 4, FitBaseType.Uint32, FitEncoder.toFitTimestamp(new Date(session.start.getTime() + session.elapsedTime * 1000))),
      field(2, 4, FitBaseType.Uint32, FitEncoder.toFitTimestamp(session.start)),
      field(5, 1, FitBaseType.Enum, session.sport),
      field(6, 1, FitBaseType.Enum, session.subSport ?? 0),
      field(7, 4, FitBaseType.Uint32, Math.round(session.elapsedTime * 1000)),
    ];
    if (session.distance !== undefined) fields.push(field(9, 4, FitBaseType.Uint32, Math.round(session.distance * 100)));
    encoder.writeMessage(MESSAGE.session, fields);
  }
  return Buffer.from(encoder.close());
}

/**
 * A FIT activity of `count` records holding only time and position, one second apart, written
 * byte by byte: fast enough for the 200,000-point limit, where FitEncoder takes seconds.
 */
export function buildPositionOnlyFitFile(count: number, start: Date, lat = 47, lon = 8): Buffer {
  const definition = Buffer.from([0x40, 0, 0, MESSAGE.record, 0, 3, 253, 4, FitBaseType.Uint32, 0, 4, FitBaseType.Sint32, 1, 4, FitBaseType.Sint32]);
  const records = Buffer.alloc(count * 13);
  const firstTimestamp = FitEncoder.toFitTimestamp(start);
  for (let i = 0; i < count; i++) {
    const offset = i * 13;
    records.writeUInt8(0, offset); // data message, local message type 0
    records.writeUInt32LE(firstTimestamp + i, offset + 1);
    records.writeInt32LE(semicircles(lat + i / 1e6), offset + 5);
    records.writeInt32LE(semicircles(lon), offset + 9);
  }
  const header = Buffer.alloc(14);
  header.writeUInt8(14, 0);
  header.writeUInt8(0x20, 1); // protocol 2.0
  header.writeUInt16LE(2132, 2); // profile 21.32
  header.writeUInt32LE(definition.length + records.length, 4);
  header.write('.FIT', 8, 'latin1');
  header.writeUInt16LE(FitEncoder.calculateCRC(header.subarray(0, 12)), 12);
  const body = Buffer.concat([header, definition, records]);
  const crc = Buffer.alloc(2);
  crc.writeUInt16LE(FitEncoder.calculateCRC(body));
  return Buffer.concat([body, crc]);
}
