/**
 * The CloudFront `DistributionConfig` of a sandbox distribution: the members the model owns
 * (`Aliases`, `Enabled`, the viewer certificate ARN) joined with the opaque rest, which is kept
 * exactly as the world file or the last UpdateDistribution gave it.
 */
import type { DistributionConfigShape, ViewerCertificateShape } from './aws-shapes.js';
import type { ConnectionMode } from './world-document.js';

/**
 * The one default DistributionConfig: the members a world-file distribution without `config` gets,
 * so the config is complete on the wire, and what a member of the wrong type falls back to.
 */
export function defaultConfigMembers(id: string): { CallerReference: string; Comment: string } & Record<string, unknown> {
  return {
    CallerReference: id,
    Comment: '',
    DefaultRootObject: '',
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'default-origin',
          DomainName: 'origin.example.invalid',
          OriginPath: '',
          CustomHeaders: { Quantity: 0 },
          CustomOriginConfig: {
            HTTPPort: 80,
            HTTPSPort: 443,
            OriginProtocolPolicy: 'https-only',
            OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
            OriginReadTimeout: 30,
            OriginKeepaliveTimeout: 5,
          },
          ConnectionAttempts: 3,
          ConnectionTimeout: 10,
          OriginShield: { Enabled: false },
          OriginAccessControlId: '',
        },
      ],
    },
    OriginGroups: { Quantity: 0 },
    DefaultCacheBehavior: {
      TargetOriginId: 'default-origin',
      TrustedSigners: { Enabled: false, Quantity: 0 },
      TrustedKeyGroups: { Enabled: false, Quantity: 0 },
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
      SmoothStreaming: false,
      Compress: true,
      LambdaFunctionAssociations: { Quantity: 0 },
      FunctionAssociations: { Quantity: 0 },
      FieldLevelEncryptionId: '',
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    CacheBehaviors: { Quantity: 0 },
    CustomErrorResponses: { Quantity: 0 },
    Logging: { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
    PriceClass: 'PriceClass_All',
    Restrictions: { GeoRestriction: { RestrictionType: 'none', Quantity: 0 } },
    WebACLId: '',
    HttpVersion: 'http2',
    IsIPV6Enabled: true,
  };
}

/** Viewer certificate members derived from the ARN (the model owns these). */
const DERIVED_CERTIFICATE_MEMBERS = [
  'ACMCertificateArn',
  'IAMCertificateId',
  'CloudFrontDefaultCertificate',
  'Certificate',
  'CertificateSource',
];

export interface ModelledConfig {
  readonly aliases: readonly string[];
  readonly enabled: boolean;
  readonly certificateArn: string | null;
  /** `ViewerCertificate.IAMCertificateId`; null when the certificate is ACM's or the default. */
  readonly iamCertificateId: string | null;
  /**
   * `ConnectionMode`. Written only for a multi-tenant distribution: AWS does not document whether
   * a standard distribution's config carries `direct`, and an absent member reads as `direct`.
   * Read from an UpdateDistribution: undefined when the request does not carry it.
   */
  readonly connectionMode?: ConnectionMode | undefined;
}

/** The full config: defaults, overlaid with the opaque rest, with the modelled members set. */
export function buildConfig(
  id: string,
  opaque: Readonly<Record<string, unknown>> | undefined,
  modelled: ModelledConfig,
): DistributionConfigShape {
  const defaults = defaultConfigMembers(id);
  const base: Record<string, unknown> = { ...defaults, ...structuredClone(opaque ?? {}) };
  const restCertificate = (isObject(base['ViewerCertificate']) ? base['ViewerCertificate'] : {}) as ViewerCertificateShape;
  const viewerCertificate = viewerCertificateOf(modelled, restCertificate);
  const aliases = [...modelled.aliases];
  return {
    ...base,
    ...(modelled.connectionMode === 'tenant-only' ? { ConnectionMode: 'tenant-only' } : {}),
    CallerReference: typeof base['CallerReference'] === 'string' ? base['CallerReference'] : defaults.CallerReference,
    Comment: typeof base['Comment'] === 'string' ? base['Comment'] : defaults.Comment,
    Aliases: aliases.length > 0 ? { Quantity: aliases.length, Items: aliases } : { Quantity: 0 },
    Enabled: modelled.enabled,
    ViewerCertificate: viewerCertificate,
  };
}

/** The ViewerCertificate: the modelled certificate (ACM, IAM or the default) over the opaque rest. */
function viewerCertificateOf(modelled: ModelledConfig, rest: ViewerCertificateShape): ViewerCertificateShape {
  const id = modelled.certificateArn ?? modelled.iamCertificateId;
  if (id === null) {
    const certificate: ViewerCertificateShape = { MinimumProtocolVersion: 'TLSv1', CertificateSource: 'cloudfront', ...rest };
    certificate.CloudFrontDefaultCertificate = true;
    return certificate;
  }
  const source = modelled.certificateArn !== null ? 'acm' : 'iam';
  return {
    ...(source === 'acm' ? { ACMCertificateArn: id } : { IAMCertificateId: id }),
    SSLSupportMethod: 'sni-only',
    MinimumProtocolVersion: 'TLSv1.2_2021',
    ...rest,
    CloudFrontDefaultCertificate: false,
    Certificate: id,
    CertificateSource: source,
  };
}

/** Splits a config sent to UpdateDistribution into the modelled members and the opaque rest. */
export function splitConfig(config: DistributionConfigShape): { modelled: ModelledConfig; opaque: Record<string, unknown> } {
  const { Aliases, Enabled, ViewerCertificate, ConnectionMode, ...rest } = structuredClone(config);
  const certificate: Record<string, unknown> = { ...(ViewerCertificate ?? {}) };
  const isDefault = certificate['CloudFrontDefaultCertificate'] === true;
  const arn = isDefault ? null : ((certificate['ACMCertificateArn'] as string | undefined) ?? null);
  const iamId = isDefault || arn !== null ? null : ((certificate['IAMCertificateId'] as string | undefined) ?? null);
  for (const member of DERIVED_CERTIFICATE_MEMBERS) delete certificate[member];
  const opaque: Record<string, unknown> = { ...rest };
  if (Object.keys(certificate).length > 0) opaque['ViewerCertificate'] = certificate;
  const connectionMode = ConnectionMode === 'direct' || ConnectionMode === 'tenant-only' ? ConnectionMode : undefined;
  return {
    modelled: { aliases: Aliases.Items ?? [], enabled: Enabled, certificateArn: arn, iamCertificateId: iamId, connectionMode },
    opaque,
  };
}

/**
 * Paths (`Origins`, `DefaultCacheBehavior.AllowedMethods`...) of every list whose `Quantity` does
 * not equal its number of `Items`, as CloudFront checks them (InconsistentQuantities).
 */
export function inconsistentQuantities(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => inconsistentQuantities(item, `${path}[${i}]`));
  if (!isObject(value)) return [];
  const found: string[] = [];
  const quantity = value['Quantity'];
  if (typeof quantity === 'number') {
    const items = value['Items'];
    const count = Array.isArray(items) ? items.length : 0;
    if (quantity !== count) found.push(path || '(root)');
  }
  for (const [key, member] of Object.entries(value)) {
    found.push(...inconsistentQuantities(member, path ? `${path}.${key}` : key));
  }
  return found;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
