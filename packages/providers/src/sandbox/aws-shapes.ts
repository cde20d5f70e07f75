/**
 * Inputs and outputs of the world model's operations, shaped like the AWS API shapes (member names
 * as in the service models and the SDK v3 types: PascalCase, `Date` for timestamps) so that the HTTP
 * emulator serializes them without renaming and the providers read them the way they read the SDK.
 * Only members the sandbox models are typed; other DistributionConfig members pass through opaque.
 */

export type SandboxOperation =
  | 'ListDistributions'
  | 'GetDistribution'
  | 'GetDistributionConfig'
  | 'UpdateDistribution'
  | 'AssociateAlias'
  | 'ListConflictingAliases'
  | 'ListCertificates'
  | 'DescribeCertificate'
  | 'ListHostedZones'
  | 'ListResourceRecordSets'
  | 'ChangeResourceRecordSets'
  | 'GetChange';

/** Every modelled operation and its service (fault `operation` names must be keys of this). */
export const SANDBOX_OPERATIONS = {
  ListDistributions: 'cloudfront',
  GetDistribution: 'cloudfront',
  GetDistributionConfig: 'cloudfront',
  UpdateDistribution: 'cloudfront',
  AssociateAlias: 'cloudfront',
  ListConflictingAliases: 'cloudfront',
  ListCertificates: 'acm',
  DescribeCertificate: 'acm',
  ListHostedZones: 'route53',
  ListResourceRecordSets: 'route53',
  ChangeResourceRecordSets: 'route53',
  GetChange: 'route53',
} as const satisfies Record<SandboxOperation, 'cloudfront' | 'acm' | 'route53'>;

// ---------------------------------------------------------------- CloudFront

export interface AliasesShape {
  Quantity: number;
  Items?: string[];
}

export interface ViewerCertificateShape {
  CloudFrontDefaultCertificate?: boolean;
  ACMCertificateArn?: string;
  SSLSupportMethod?: string;
  MinimumProtocolVersion?: string;
  /** Deprecated members AWS still returns. */
  Certificate?: string;
  CertificateSource?: string;
  [member: string]: unknown;
}

/** `DistributionConfig`: the modelled members plus every other member, preserved as given. */
export interface DistributionConfigShape {
  CallerReference: string;
  Aliases: AliasesShape;
  Comment: string;
  Enabled: boolean;
  ViewerCertificate?: ViewerCertificateShape;
  [member: string]: unknown;
}

export type DistributionStatusShape = 'Deployed' | 'InProgress';

export interface DistributionShape {
  Id: string;
  ARN: string;
  Status: DistributionStatusShape;
  LastModifiedTime: Date;
  InProgressInvalidationBatches: number;
  DomainName: string;
  DistributionConfig: DistributionConfigShape;
}

/** GetDistribution / UpdateDistribution output. */
export interface DistributionWithETag {
  Distribution: DistributionShape;
  ETag: string;
}

/** GetDistributionConfig output. */
export interface DistributionConfigWithETag {
  DistributionConfig: DistributionConfigShape;
  ETag: string;
}

/**
 * `DistributionSummary`: identity and status, plus the config members a summary carries
 * (`Aliases`, `Enabled`, `ViewerCertificate`, `Comment`, `Origins`, `DefaultCacheBehavior`...).
 */
export interface DistributionSummaryShape {
  Id: string;
  ARN: string;
  ETag: string;
  Status: DistributionStatusShape;
  LastModifiedTime: Date;
  DomainName: string;
  Aliases: AliasesShape;
  Enabled: boolean;
  Comment: string;
  ViewerCertificate: ViewerCertificateShape;
  Staging: boolean;
  [member: string]: unknown;
}

export interface PageOptions {
  /** Opaque marker from a previous page's `NextMarker`. */
  marker?: string;
  /** Page size; CloudFront and Route 53 cap it at 100. */
  maxItems?: number;
}

export interface ListDistributionsOutput {
  DistributionList: {
    Marker: string;
    NextMarker?: string;
    MaxItems: number;
    IsTruncated: boolean;
    Quantity: number;
    Items: DistributionSummaryShape[];
  };
}

export interface ConflictingAliasShape {
  Alias: string;
  /** Masked: `******` + the last 6 characters of the id. */
  DistributionId: string;
  /** Masked: `******` + the last 6 digits of the account id. */
  AccountId: string;
}

export interface ListConflictingAliasesOutput {
  ConflictingAliasesList: {
    NextMarker?: string;
    MaxItems: number;
    Quantity: number;
    Items: ConflictingAliasShape[];
  };
}

// ---------------------------------------------------------------- ACM

export interface CertificateSummaryShape {
  CertificateArn: string;
  DomainName: string;
  SubjectAlternativeNameSummaries: string[];
  HasAdditionalSubjectAlternativeNames: boolean;
  Status: string;
  Type: 'AMAZON_ISSUED';
  KeyAlgorithm: 'RSA_2048';
  InUse: boolean;
  NotAfter?: Date;
}

export interface ListCertificatesOptions {
  /** Only certificates of this region (ACM is regional; the emulator passes the signing region). */
  region?: string;
  nextToken?: string;
  maxItems?: number;
  /** `CertificateStatuses` filter. */
  statuses?: string[];
}

export interface ListCertificatesOutput {
  CertificateSummaryList: CertificateSummaryShape[];
  NextToken?: string;
}

export interface CertificateDetailShape {
  CertificateArn: string;
  DomainName: string;
  SubjectAlternativeNames: string[];
  Status: string;
  Type: 'AMAZON_ISSUED';
  KeyAlgorithm: 'RSA_2048';
  NotAfter?: Date;
  /** ARNs of the distributions using the certificate. */
  InUseBy: string[];
}

export interface DescribeCertificateOutput {
  Certificate: CertificateDetailShape;
}

// ---------------------------------------------------------------- Route 53

export interface HostedZoneShape {
  /** `/hostedzone/Z1EXAMPLE` */
  Id: string;
  Name: string;
  CallerReference: string;
  Config: { PrivateZone: boolean; Comment?: string };
  ResourceRecordSetCount: number;
}

export interface ListHostedZonesOutput {
  HostedZones: HostedZoneShape[];
  Marker?: string;
  IsTruncated: boolean;
  NextMarker?: string;
  MaxItems: number;
}

export interface ResourceRecordSetShape {
  /** FQDN with trailing dot; `*` is written `\052` in outputs, either form accepted in inputs. */
  Name: string;
  Type: string;
  TTL?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
}

export interface ListResourceRecordSetsOptions {
  startName?: string;
  startType?: string;
  /** Default and cap 300. */
  maxItems?: number;
}

export interface ListResourceRecordSetsOutput {
  ResourceRecordSets: ResourceRecordSetShape[];
  IsTruncated: boolean;
  NextRecordName?: string;
  NextRecordType?: string;
  MaxItems: number;
}

export type ChangeAction = 'CREATE' | 'UPSERT' | 'DELETE';

export interface ChangeBatchShape {
  Comment?: string;
  Changes: { Action: ChangeAction; ResourceRecordSet: ResourceRecordSetShape }[];
}

export interface ChangeInfoShape {
  /** `/change/C0000000000001` */
  Id: string;
  Status: 'PENDING' | 'INSYNC';
  SubmittedAt: Date;
  Comment?: string;
}

/** ChangeResourceRecordSets and GetChange output. */
export interface ChangeInfoOutput {
  ChangeInfo: ChangeInfoShape;
}
