// Jest on Node 20 cannot require() ES modules, and NestJS 12 ships only ES modules. This
// transformer compiles those packages to CommonJS with swc for the test run; `import.meta.url`
// has no CommonJS spelling swc knows, so it is rewritten to the file's own URL first, and a
// module-level `const require = createRequire(import.meta.url)` is dropped (CommonJS has one).
const { transformSync } = require('@swc/core');

module.exports = {
  process(source, filename) {
    const code = source
      .replace(/^const require = createRequire\(import\.meta\.url\);$/m, '')
      .replace(/\bimport\.meta\.url\b/g, "('file://' + __filename)");
    const output = transformSync(code, {
      filename,
      sourceMaps: 'inline',
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    return { code: output.code };
  },
};
