export { createEmulator, CLOUDFRONT_NAMESPACE, ROUTE53_NAMESPACE } from './create-emulator.js';
export type { EmulatorOptions, RunningEmulator } from './create-emulator.js';
export { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from './caller-credentials.js';
