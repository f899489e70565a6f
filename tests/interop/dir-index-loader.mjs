// A module-resolution hook for packages built for bundlers: dt-sql-parser's ES modules import directories
// ('./parser') and extension-less files, which Node's resolver refuses. This resolves them the way a bundler does.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (e?.code === 'ERR_UNSUPPORTED_DIR_IMPORT') return next(specifier.replace(/\/?$/, '/index.js'), context);
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('.') && !specifier.endsWith('.js')) return next(`${specifier}.js`, context);
    throw e;
  }
}
