// `npm run serve`: runs the headless service from compiled JavaScript (dist/serve/serve.cjs). On a
// fresh clone, or when any source changed since the bundle was built, it builds the bundle first
// (once); later launches start it at once (issue 19: a healthy HIS API within a second).
// Arguments are those of main/app/serve.ts.
import { createRequire, enableCompileCache } from 'node:module';
import { dirname, join } from 'node:path';
import { SERVE_BUNDLE, buildServe, serveBundleFresh, serveSourceHash } from './build-serve.mjs';

const hash = serveSourceHash();
if (!serveBundleFresh(hash)) {
  process.stderr.write('正在编译服务程序（源码有变化，仅此一次）… building dist/serve (sources changed)\n');
  await buildServe(hash);
}
// V8's code cache on disk (Node 22): later starts skip compiling the bundle. It lives beside the
// bundle and is dropped with it.
enableCompileCache(join(dirname(SERVE_BUNDLE), 'compile-cache'));
// The bundle reads process.argv.slice(2): the launcher's own arguments are exactly those.
createRequire(import.meta.url)(SERVE_BUNDLE);
