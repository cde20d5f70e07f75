/**
 * The process entry of the CLI (`bin/cfalias.js` runs its compiled form). Process-wide settings
 * belong here and nowhere in the library: `main` is also embedded in other programs and tests.
 */
import { main } from './main.js';

// The AWS SDK warns on stderr, once per process, that its releases after January 2027 need Node 22.
// That is for whoever chooses the Node version, not for someone reading a plan; keep an explicit setting.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

process.exitCode = await main(process.argv);
