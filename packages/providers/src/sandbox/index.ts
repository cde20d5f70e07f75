/** The sandbox: world file, world model (CloudFront/ACM/Route 53 rules) and in-process provider. */
export * from './aws-shapes.js';
export * from './world-document.js';
export { validateWorldDocument, worldSchema } from './world-schema.js';
export { parseWorldDocument, loadWorldFile, saveWorldFile, readWorldDocument } from './world-file.js';
export {
  SandboxWorld,
  maskId,
  type CallRecord,
  type DistributionView,
  type ResolvedSettings,
  type SandboxWorldOptions,
} from './world-model.js';
export {
  bareRoute53Id,
  compareRecordKeys,
  decodeRecordName,
  encodeRecordName,
  fromResourceRecordSet,
  sameRecordContent,
  toResourceRecordSet,
  unquoteTxt,
} from './route53-records.js';
export { createSandboxProvider, translateError, type SandboxProviderOptions } from './sandbox-provider.js';
export { SandboxServiceError, SandboxTransportFault, WorldFileError, type SandboxService, type WorldFileProblem } from '../errors.js';
