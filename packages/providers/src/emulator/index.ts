/**
 * The emulator: a `SandboxWorld` behind the AWS wire protocols (CloudFront and Route 53 rest-xml,
 * ACM JSON 1.1, STS query, S3 objects for the lease lock) on a local HTTP port. Contract: any AWS
 * client (the SDK, the AWS CLI) pointed at `endpoint` with the sandbox credentials sees the world
 * as it would see AWS, errors included; simulated time moves only on waiter polls.
 */
export { createEmulator, type EmulatorOptions, type EmulatorRequestRecord, type RunningEmulator } from './create-emulator.js';
export { SANDBOX_ACCESS_KEY_ID, SANDBOX_SECRET_ACCESS_KEY } from './caller-credentials.js';
export { createWorldTransport, type TransportService, type WorldTransport } from './world-transport.js';
export { DEFAULT_LATENCY_MS, PUBLISHED_RATE_LIMITS, publishedCosts } from './real-time-costs.js';
