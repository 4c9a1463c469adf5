// A parser thread for tests: the real one, except for the files misbehave-on-request.ts picks out.
// Imported first, its listener sees every file before the real one does.
import './misbehave-on-request';
import '../parser-worker';
