// Preloaded (--require) into parser threads only when the application runs from its TypeScript
// sources (jest, test/support/ts-register.js), never from dist/: compiles each required .ts file
// to CommonJS with swc, a dev dependency. Kept in CommonJS so that node can load it as it is.
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
