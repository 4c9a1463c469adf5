import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EventSchemaError, NewEvent, RecordedEvent } from '../event-store';
import type { Upcaster } from './upcaster';

const SCHEMA_FILE = /^([A-Z][A-Za-z0-9]*)\.v(\d+)\.json$/;

/**
 * Every event type and version has one JSON Schema in `event-schemas/` (files named
 * `<EventType>.v<version>.json`, in one folder per context). Appends are checked against the
 * schema of the current version; reads lift older versions to the current one through upcasters.
 */
export class EventSchemaRegistry {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly current = new Map<string, number>();
  private readonly upcasters = new Map<string, Upcaster>();
  private readonly validateMetadata: ValidateFunction;

  private constructor(schemas: ReadonlyArray<{ type: string; version: number; schema: object }>, metadataSchema: object, upcasters: readonly Upcaster[]) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    this.validateMetadata = ajv.compile(metadataSchema);
    for (const { type, version, schema } of schemas) {
      this.validators.set(key(type, version), ajv.compile(schema));
      this.current.set(type, Math.max(version, this.current.get(type) ?? 0));
    }
    for (const upcaster of upcasters) {
      if (!this.validators.has(key(upcaster.type, upcaster.fromVersion + 1))) {
        throw new Error(`upcaster ${upcaster.type} v${upcaster.fromVersion} leads to a version with no schema`);
      }
      this.upcasters.set(key(upcaster.type, upcaster.fromVersion), upcaster);
    }
  }

  static load(directory: string = findSchemaDirectory(), upcasters: readonly Upcaster[] = []): EventSchemaRegistry {
    const schemas: Array<{ type: string; version: number; schema: object }> = [];
    for (const file of walk(directory)) {
      const match = SCHEMA_FILE.exec(basename(file));
      if (!match) continue;
      schemas.push({ type: match[1], version: Number(match[2]), schema: JSON.parse(readFileSync(file, 'utf8')) as object });
    }
    const metadataSchema = JSON.parse(readFileSync(join(directory, 'metadata.json'), 'utf8')) as object;
    return new EventSchemaRegistry(schemas, metadataSchema, upcasters);
  }

  currentVersion(type: string): number {
    const version = this.current.get(type);
    if (version === undefined) throw new EventSchemaError(type, 0, ['no schema is registered for this event type']);
    return version;
  }

  eventTypes(): string[] {
    return [...this.current.keys()].sort();
  }

  /** Throws EventSchemaError unless the event is at its type's current version and matches its schema. */
  check(event: NewEvent): void {
    const version = event.metadata?.schemaVersion;
    const current = this.currentVersion(event.type);
    if (version !== current) {
      throw new EventSchemaError(event.type, version, [`new events must be written at the current version ${current}`]);
    }
    if (!this.validateMetadata(event.metadata)) {
      throw new EventSchemaError(event.type, version, describe(this.validateMetadata, 'metadata'));
    }
    const validate = this.validators.get(key(event.type, version));
    if (validate && !validate(event.data)) throw new EventSchemaError(event.type, version, describe(validate, 'data'));
  }

  /** Lifts an event written at an older schema version to the current one. */
  upcast<E extends RecordedEvent>(event: E): E {
    let version = event.metadata.schemaVersion;
    const current = this.current.get(event.type);
    if (current === undefined || version >= current) return event;
    let data = event.data;
    while (version < current) {
      const upcaster = this.upcasters.get(key(event.type, version));
      if (!upcaster) throw new Error(`no upcaster for ${event.type} v${version}`);
      data = upcaster.upcast(data);
      version++;
    }
    return { ...event, data, metadata: { ...event.metadata, schemaVersion: version } };
  }
}

function key(type: string, version: number): string {
  return `${type}@${version}`;
}

function describe(validate: ValidateFunction, root: string): string[] {
  return (validate.errors ?? []).map((e) => `${root}${e.instancePath || ''} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}

function walk(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** The repository's `event-schemas/`, found from here whether running from `src/` or `dist/src/`. */
export function findSchemaDirectory(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'event-schemas');
    if (existsSync(join(candidate, 'metadata.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no event-schemas directory above ${from}`);
    dir = parent;
  }
}
