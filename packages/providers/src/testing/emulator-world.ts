/**
 * A small two-account world for the emulator tests, and the client settings to reach an emulator
 * with the real SDK. Test support only.
 */
import type { AccountDocument, WorldDocument } from '../sandbox/world-document.js';
import { SandboxWorld } from '../sandbox/world-model.js';
import { createEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/create-emulator.js';

export const ALPHA = '111111111111';
export const BETA = '222222222222';
export const ALPHA_KEY = 'AKIAALPHAALPHAALPHA1';
export const BETA_KEY = 'AKIABETABETABETABETA';
export const CERT_ALPHA = 'arn:aws:acm:us-east-1:111111111111:certificate/alpha-wild';
export const CERT_ALPHA_WEST = 'arn:aws:acm:us-west-2:111111111111:certificate/alpha-west';
export const CERT_BETA = 'arn:aws:acm:us-east-1:222222222222:certificate/beta-wild';

/** A DistributionConfig with every kind of member the emulator must carry faithfully. */
export const FULL_CONFIG = {
  CallerReference: 'green-2024-03-01',
  DefaultRootObject: 'index.html',
  Origins: {
    Quantity: 2,
    Items: [
      {
        Id: 'site-bucket',
        DomainName: 'site-bucket.s3.us-east-1.amazonaws.com',
        OriginPath: '/current',
        CustomHeaders: { Quantity: 0 },
        S3OriginConfig: { OriginAccessIdentity: '' },
        ConnectionAttempts: 3,
        ConnectionTimeout: 10,
        OriginShield: { Enabled: true, OriginShieldRegion: 'us-east-1' },
        OriginAccessControlId: 'E2OACEXAMPLE01',
      },
      {
        Id: 'api-alb',
        DomainName: 'api-1234567890.us-east-1.elb.amazonaws.com',
        OriginPath: '',
        CustomHeaders: {
          Quantity: 2,
          Items: [
            { HeaderName: 'X-Origin-Verify', HeaderValue: 's3cr3t & <ok>' },
            { HeaderName: 'X-Env', HeaderValue: 'prod' },
          ],
        },
        CustomOriginConfig: {
          HTTPPort: 80,
          HTTPSPort: 443,
          OriginProtocolPolicy: 'https-only',
          OriginSslProtocols: { Quantity: 1, Items: ['TLSv1.2'] },
          OriginReadTimeout: 60,
          OriginKeepaliveTimeout: 10,
        },
        ConnectionAttempts: 2,
        ConnectionTimeout: 5,
        OriginShield: { Enabled: false },
        OriginAccessControlId: '',
      },
    ],
  },
  OriginGroups: { Quantity: 0 },
  DefaultCacheBehavior: {
    TargetOriginId: 'site-bucket',
    TrustedSigners: { Enabled: false, Quantity: 0 },
    TrustedKeyGroups: { Enabled: false, Quantity: 0 },
    ViewerProtocolPolicy: 'redirect-to-https',
    AllowedMethods: { Quantity: 2, Items: ['HEAD', 'GET'], CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] } },
    SmoothStreaming: false,
    Compress: true,
    LambdaFunctionAssociations: { Quantity: 0 },
    FunctionAssociations: {
      Quantity: 1,
      Items: [{ FunctionARN: 'arn:aws:cloudfront::111111111111:function/rewrite-index', EventType: 'viewer-request' }],
    },
    FieldLevelEncryptionId: '',
    CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    ResponseHeadersPolicyId: '67f7725c-6f97-4210-82d7-5512b31e9d03',
  },
  CacheBehaviors: {
    Quantity: 1,
    Items: [
      {
        PathPattern: '/api/*',
        TargetOriginId: 'api-alb',
        TrustedSigners: { Enabled: false, Quantity: 0 },
        TrustedKeyGroups: { Enabled: false, Quantity: 0 },
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: {
          Quantity: 7,
          Items: ['HEAD', 'DELETE', 'POST', 'GET', 'OPTIONS', 'PUT', 'PATCH'],
          CachedMethods: { Quantity: 2, Items: ['HEAD', 'GET'] },
        },
        SmoothStreaming: false,
        Compress: false,
        LambdaFunctionAssociations: {
          Quantity: 1,
          Items: [
            { LambdaFunctionARN: 'arn:aws:lambda:us-east-1:111111111111:function:auth:7', EventType: 'origin-request', IncludeBody: true },
          ],
        },
        FunctionAssociations: { Quantity: 0 },
        FieldLevelEncryptionId: '',
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      },
    ],
  },
  CustomErrorResponses: {
    Quantity: 2,
    Items: [
      { ErrorCode: 403, ResponsePagePath: '/index.html', ResponseCode: '200', ErrorCachingMinTTL: 10 },
      { ErrorCode: 404, ResponsePagePath: '/404.html', ResponseCode: '404', ErrorCachingMinTTL: 300 },
    ],
  },
  Comment: 'green: next release',
  Logging: { Enabled: true, IncludeCookies: false, Bucket: 'logs-bucket.s3.amazonaws.com', Prefix: 'cloudfront/green/' },
  PriceClass: 'PriceClass_100',
  ViewerCertificate: { SSLSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
  Restrictions: { GeoRestriction: { RestrictionType: 'whitelist', Quantity: 3, Items: ['DE', 'FR', 'US'] } },
  WebACLId: 'arn:aws:wafv2:us-east-1:111111111111:global/webacl/edge/473e64fd-f30b-4765-81a0-62ad96dd167a',
  HttpVersion: 'http2and3',
  IsIPV6Enabled: true,
};

export function testWorldDocument(): WorldDocument {
  return {
    version: 1,
    caller: ALPHA,
    now: '2026-12-01T00:00:00Z',
    settings: { deploySeconds: 300, dnsSyncSeconds: 60 },
    credentials: { [ALPHA_KEY]: ALPHA, [BETA_KEY]: BETA },
    accounts: [
      {
        id: ALPHA,
        distributions: [
          {
            id: 'E1BLUEBLUEBLUE',
            domainName: 'd1blue.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: ['api.example.com', 'www.example.com'],
            certificateArn: CERT_ALPHA,
            config: { Comment: 'blue' },
          },
          {
            id: 'E2GREENGREENGR',
            domainName: 'd2green.cloudfront.net',
            enabled: true,
            status: 'Deployed',
            aliases: [],
            certificateArn: CERT_ALPHA,
            config: FULL_CONFIG,
          },
          { id: 'E3GREYGREYGREY', domainName: 'd3grey.cloudfront.net', enabled: false, status: 'Deployed', aliases: [] },
        ],
        certificates: [
          {
            arn: CERT_ALPHA,
            domainName: 'example.com',
            subjectAlternativeNames: ['example.com', '*.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
          {
            arn: CERT_ALPHA_WEST,
            domainName: 'west.example.com',
            subjectAlternativeNames: ['west.example.com'],
            status: 'ISSUED',
            notAfter: '2027-06-01T00:00:00Z',
          },
        ],
        hostedZones: [
          {
            id: 'Z1EXAMPLE',
            name: 'example.com.',
            records: [
              { name: 'www.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
              { name: 'api.example.com.', type: 'CNAME', ttl: 300, values: ['d1blue.cloudfront.net'] },
              { name: '_www.example.com.', type: 'TXT', ttl: 300, values: ['"d2green.cloudfront.net"'] },
              { name: '*.example.com.', type: 'A', aliasTarget: { dnsName: 'd1blue.cloudfront.net.', hostedZoneId: 'Z2FDTNDATAQYW2' } },
            ],
          },
        ],
      },
      betaAccount(),
    ],
  };
}

/** The other account: one distribution holding shop.example.com. */
function betaAccount(): AccountDocument {
  return {
    id: BETA,
    distributions: [
      {
        id: 'E9FOREIGNFOREI',
        domainName: 'd9foreign.cloudfront.net',
        enabled: true,
        status: 'Deployed',
        aliases: ['shop.example.com'],
        certificateArn: CERT_BETA,
      },
    ],
    certificates: [
      {
        arn: CERT_BETA,
        domainName: '*.example.com',
        subjectAlternativeNames: ['*.example.com'],
        status: 'ISSUED',
        notAfter: '2027-01-01T00:00:00Z',
      },
    ],
    hostedZones: [],
  };
}

export interface EmulatedWorld {
  readonly world: SandboxWorld;
  readonly emulator: RunningEmulator;
  /** Client settings for the real SDK: static credentials of `accessKeyId`, one attempt. */
  clientConfig(accessKeyId?: string): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts: number;
  };
}

export async function startTestEmulator(options: EmulatorOptions = {}, doc: WorldDocument = testWorldDocument()): Promise<EmulatedWorld> {
  const world = SandboxWorld.fromDocument(doc);
  const emulator = await createEmulator(world, options);
  return {
    world,
    emulator,
    clientConfig: (accessKeyId = ALPHA_KEY) => ({
      endpoint: emulator.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey: 'sandbox-secret' },
      maxAttempts: 1,
    }),
  };
}
