// Lets a child `node` process run the TypeScript sources directly (for tests that must kill a
// real server process): .ts files are compiled to CommonJS by swc as they are required.
const { transformSync } = require('@swc/core');

// `./catalogue` must resolve to catalogue.ts before catalogue.json, so .json moves behind .ts.
const loadJson = require.extensions['.json'];
delete require.extensions['.json'];

require.extensions['.ts'] = function compile(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};

require.extensions['.json'] = loadJson;
