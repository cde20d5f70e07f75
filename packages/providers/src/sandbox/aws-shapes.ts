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
  | 'ListDistributionsByConnectionMode'
  | 'UpdateDomainAssociation'
  | 'ListDomainConflicts'
  | 'VerifyDnsConfiguration'
  | 'ListDistributionTenants'
  | 'GetDistributionTenant'
  | 'UpdateDistributionTenant'
  | 'ListConnectionGroups'
  | 'GetConnectionGroup'
  | 'ListServerCertificates'
  | 'GetServerCertificate'
  | 'ListCertificates'
  | 'DescribeCertificate'
  | 'ListHostedZones'
  | 'ListResourceRecordSets'
  | 'ChangeResourceRecordSets'
  | 'GetChange'
  | 'TestDNSAnswer';

/** Every modelled operation and its service (fault `operation` names must be keys of this). */
export const SANDBOX_OPERATIONS = {
  ListDistributions: 'cloudfront',
  GetDistribution: 'cloudfront',
  GetDistributionConfig: 'cloudfront',
  UpdateDistribution: 'cloudfront',
  AssociateAlias: 'cloudfront',
  ListConflictingAliases: 'cloudfront',
  ListDistributionsByConnectionMode: 'cloudfront',
  UpdateDomainAssociation: 'cloudfront',
  ListDomainConflicts: 'cloudfront',
  VerifyDnsConfiguration: 'cloudfront',
  ListDistributionTenants: 'cloudfront',
  GetDistributionTenant: 'cloudfront',
  UpdateDistributionTenant: 'cloudfront',
  ListConnectionGroups: 'cloudfront',
  GetConnectionGroup: 'cloudfront',
  ListServerCertificates: 'iam',
  GetServerCertificate: 'iam',
  ListCertificates: 'acm',
  DescribeCertificate: 'acm',
  ListHostedZones: 'route53',
  ListResourceRecordSets: 'route53',
  ChangeResourceRecordSets: 'route53',
  GetChange: 'route53',
  TestDNSAnswer: 'route53',
} as const satisfies Record<SandboxOperation, 'cloudfront' | 'acm' | 'route53' | 'iam'>;

// ---------------------------------------------------------------- CloudFront

export interface AliasesShape {
  Quantity: number;
  Items?: string[];
}

export interface ViewerCertificateShape {
  CloudFrontDefaultCertificate?: boolean;
  ACMCertificateArn?: string;
  IAMCertificateId?: string;
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

/** `DistributionResourceId`: one of the two (both or neither is InvalidArgument). */
export interface DistributionResourceRef {
  distributionId?: string;
  distributionTenantId?: string;
}

export interface UpdateDomainAssociationInput {
  domain: string;
  target: DistributionResourceRef;
  /** The target's current ETag. */
  ifMatch?: string | undefined;
}

export interface UpdateDomainAssociationOutput {
  Domain: string;
  /** The target's id. */
  ResourceId: string;
  /** The target's ETag after the move. */
  ETag: string;
}

export interface ListDomainConflictsInput extends PageOptions {
  domain: string;
  /** A resource of the caller whose certificate covers `domain`. */
  controlResource: DistributionResourceRef;
}

export interface DomainConflictShape {
  Domain: string;
  ResourceType: 'distribution' | 'distribution-tenant';
  /** Masked: half stars, then the last half of the id. */
  ResourceId: string;
  /** Masked: `******` + the last 6 digits. */
  AccountId: string;
}

export interface ListDomainConflictsOutput {
  DomainConflicts: DomainConflictShape[];
  NextMarker?: string;
}

export interface VerifyDnsConfigurationInput {
  /** One domain; absent: every domain of the tenant. */
  domain?: string;
  /** The tenant's id, name or ARN. */
  identifier: string;
}

export type DnsConfigurationStatus = 'valid-configuration' | 'invalid-configuration' | 'unknown-configuration';

export interface VerifyDnsConfigurationOutput {
  DnsConfigurationList: { Domain: string; Status: DnsConfigurationStatus; Reason?: string }[];
}

export interface DomainResultShape {
  Domain: string;
  Status: 'active' | 'inactive';
}

export interface DistributionTenantShape {
  Id: string;
  DistributionId: string;
  Name: string;
  Arn: string;
  Domains: DomainResultShape[];
  Customizations?: { Certificate?: { Arn: string } };
  ConnectionGroupId: string;
  CreatedTime: Date;
  LastModifiedTime: Date;
  Enabled: boolean;
  Status: DistributionStatusShape;
}

export interface DistributionTenantSummaryShape extends DistributionTenantShape {
  ETag: string;
}

/** GetDistributionTenant / UpdateDistributionTenant output. */
export interface DistributionTenantWithETag {
  DistributionTenant: DistributionTenantShape;
  ETag: string;
}

export interface ListDistributionTenantsOptions extends PageOptions {
  /** `AssociationFilter.DistributionId`. */
  distributionId?: string;
  /** `AssociationFilter.ConnectionGroupId`. */
  connectionGroupId?: string;
}

export interface ListDistributionTenantsOutput {
  DistributionTenantList: DistributionTenantSummaryShape[];
  NextMarker?: string;
}

/**
 * UpdateDistributionTenant's body (SDK member names). A member left out keeps its value; `Domains`
 * given replaces the tenant's domains.
 */
export interface UpdateDistributionTenantInput {
  DistributionId?: string;
  Domains?: { Domain: string }[];
  Customizations?: { Certificate?: { Arn: string } };
  ConnectionGroupId?: string;
  Enabled?: boolean;
}

export interface ConnectionGroupShape {
  Id: string;
  Name: string;
  Arn: string;
  CreatedTime: Date;
  LastModifiedTime: Date;
  Ipv6Enabled: boolean;
  RoutingEndpoint: string;
  Status: string;
  Enabled: boolean;
  IsDefault: boolean;
}

export interface ConnectionGroupWithETag {
  ConnectionGroup: ConnectionGroupShape;
  ETag: string;
}

export interface ListConnectionGroupsOutput {
  ConnectionGroups: (ConnectionGroupShape & { ETag: string })[];
  NextMarker?: string;
}

// ---------------------------------------------------------------- IAM

export interface ServerCertificateMetadataShape {
  Path: string;
  ServerCertificateName: string;
  ServerCertificateId: string;
  Arn: string;
  UploadDate: Date;
  Expiration: Date;
}

export interface ListServerCertificatesOptions {
  pathPrefix?: string;
  marker?: string;
  maxItems?: number;
}

export interface ListServerCertificatesOutput {
  ServerCertificateMetadataList: ServerCertificateMetadataShape[];
  IsTruncated: boolean;
  Marker?: string;
}

export interface GetServerCertificateOutput {
  ServerCertificate: {
    ServerCertificateMetadata: ServerCertificateMetadataShape;
    /** PEM of an X.509 certificate whose subject CN and SANs are the certificate's names. */
    CertificateBody: string;
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

/** TestDNSAnswer output: what Route 53's name servers answer for one record name and type. */
export interface TestDnsAnswerOutput {
  Nameserver: string;
  RecordName: string;
  RecordType: string;
  /** The answer's values: a CNAME's target, a record's values, an alias record's target addresses. */
  RecordData: string[];
  ResponseCode: string;
  Protocol: 'UDP' | 'TCP';
}

/** ChangeResourceRecordSets and GetChange output. */
export interface ChangeInfoOutput {
  ChangeInfo: ChangeInfoShape;
}
