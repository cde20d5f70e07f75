import { ResourceNotFoundException, ThrottlingException as AcmThrottlingException } from '@aws-sdk/client-acm';
import {
  AccessDenied,
  CloudFrontServiceException,
  CNAMEAlreadyExists,
  IllegalUpdate,
  InvalidViewerCertificate,
  NoSuchDistribution,
  PreconditionFailed,
} from '@aws-sdk/client-cloudfront';
import { InvalidChangeBatch, NoSuchChange, NoSuchHostedZone, PriorRequestNotComplete } from '@aws-sdk/client-route-53';
import {
  AbortedError,
  AliasConflictError,
  InvalidCertificateError,
  OwnershipProofError,
  PreconditionFailedError,
  RequestRejectedError,
  ResourceNotFoundError,
  StalePlanError,
  ThrottlingError,
  TransientError,
  WaitTimeoutError,
} from '@cfalias/core';
import { expect } from 'chai';
import { translateAwsError } from './errors.js';

const meta = (httpStatusCode: number) => ({ httpStatusCode, attempts: 1, totalRetryDelay: 0 });

describe('translateAwsError', () => {
  it('turns CloudFront Throttling (unmodelled, HTTP 400) into ThrottlingError, keeping the cause', () => {
    const sdk = new CloudFrontServiceException({ name: 'Throttling', $fault: 'client', $metadata: meta(400), message: 'Rate exceeded' });
    const error = translateAwsError(sdk, 'UpdateDistribution', 'E1BLUEBLUEBLUE');
    expect(error).to.be.instanceOf(ThrottlingError);
    expect((error as ThrottlingError).operation).to.equal('UpdateDistribution');
    expect(error.cause).to.equal(sdk);
  });

  it('turns Route 53 PriorRequestNotComplete and ACM ThrottlingException into ThrottlingError', () => {
    const prior = new PriorRequestNotComplete({ $metadata: meta(400), message: 'The request was rejected' });
    const acm = new AcmThrottlingException({ $metadata: meta(400), message: 'Rate exceeded' });
    expect(translateAwsError(prior, 'ChangeResourceRecordSets', 'Z1EXAMPLE')).to.be.instanceOf(ThrottlingError);
    expect(translateAwsError(acm, 'DescribeCertificate', 'arn:aws:acm:us-east-1:111111111111:certificate/blue')).to.be.instanceOf(
      ThrottlingError,
    );
  });

  it('turns PreconditionFailed (412) into PreconditionFailedError on the resource', () => {
    const sdk = new PreconditionFailed({
      $metadata: meta(412),
      message: 'The precondition given in one or more of the request-header fields evaluated to false.',
    });
    const error = translateAwsError(sdk, 'UpdateDistribution', 'E2GREENGREENGR');
    expect(error).to.be.instanceOf(PreconditionFailedError);
    expect((error as PreconditionFailedError).resource).to.equal('E2GREENGREENGR');
    expect(error.cause).to.equal(sdk);
  });

  it('turns CNAMEAlreadyExists (409) into AliasConflictError naming the alias and the distribution', () => {
    const sdk = new CNAMEAlreadyExists({
      $metadata: meta(409),
      message: 'One or more of the CNAMEs you provided are already associated with a different resource.',
    });
    const error = translateAwsError(sdk, 'UpdateDistribution', 'E2GREENGREENGR', { aliases: ['www.example.com'] });
    expect(error).to.be.instanceOf(AliasConflictError);
    expect((error as AliasConflictError).alias).to.equal('www.example.com');
    expect((error as AliasConflictError).distribution).to.equal('E2GREENGREENGR');
  });

  it('turns InvalidViewerCertificate into InvalidCertificateError', () => {
    const sdk = new InvalidViewerCertificate({
      $metadata: meta(400),
      message:
        "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, or doesn't include a valid certificate chain.",
    });
    const error = translateAwsError(sdk, 'UpdateDistribution', 'E2GREENGREENGR');
    expect(error).to.be.instanceOf(InvalidCertificateError);
    expect((error as InvalidCertificateError).distribution).to.equal('E2GREENGREENGR');
  });

  it('turns NoSuchDistribution, NoSuchHostedZone, NoSuchChange and ResourceNotFoundException into ResourceNotFoundError', () => {
    const cases: [Error, string][] = [
      [new NoSuchDistribution({ $metadata: meta(404), message: 'The specified distribution does not exist.' }), 'E404'],
      [new NoSuchHostedZone({ $metadata: meta(404), message: 'No hosted zone found with ID: Z404' }), 'Z404'],
      [new NoSuchChange({ $metadata: meta(404), message: 'no change' }), 'C404'],
      [
        new ResourceNotFoundException({ $metadata: meta(400), message: 'Could not find certificate' }),
        'arn:aws:acm:us-east-1:1:certificate/x',
      ],
    ];
    for (const [sdk, resource] of cases) {
      const error = translateAwsError(sdk, 'Get', resource);
      expect(error, sdk.name).to.be.instanceOf(ResourceNotFoundError);
      expect((error as ResourceNotFoundError).resource).to.equal(resource);
    }
  });

  it('turns a 5xx answer into TransientError(server-error)', () => {
    const sdk = new CloudFrontServiceException({
      name: 'InternalError',
      $fault: 'server',
      $metadata: meta(500),
      message: 'We encountered an internal error.',
    });
    const error = translateAwsError(sdk, 'GetDistribution', 'E1BLUEBLUEBLUE');
    expect(error).to.be.instanceOf(TransientError);
    expect((error as TransientError).reason).to.equal('server-error');
  });

  it('turns a dropped connection into TransientError(connection-reset) and a socket timeout into TransientError(timeout)', () => {
    // What @smithy/node-http-handler raises for a socket closed without an answer.
    const reset = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
    const timeout = Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' });
    const resetError = translateAwsError(reset, 'ListDistributions', 'distributions');
    const timeoutError = translateAwsError(timeout, 'ListDistributions', 'distributions');
    expect(resetError).to.be.instanceOf(TransientError);
    expect((resetError as TransientError).reason).to.equal('connection-reset');
    expect(timeoutError).to.be.instanceOf(TransientError);
    expect((timeoutError as TransientError).reason).to.equal('timeout');
  });

  it('turns a waiter timeout into WaitTimeoutError with the allowance, but only in a wait', () => {
    const waiter = Object.assign(new Error('{"state":"TIMEOUT","reason":"Waiter has timed out"}'), { name: 'TimeoutError' });
    const error = translateAwsError(waiter, 'GetDistribution', 'E1BLUEBLUEBLUE', { waitSeconds: 1800 });
    expect(error).to.be.instanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).waitedSeconds).to.equal(1800);
    expect((error as WaitTimeoutError).resource).to.equal('E1BLUEBLUEBLUE');
  });

  it('turns an abort into AbortedError', () => {
    const abort = Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    expect(translateAwsError(abort, 'GetChange', 'C1')).to.be.instanceOf(AbortedError);
  });

  it('turns other refusals into RequestRejectedError carrying the AWS code', () => {
    const illegal = new IllegalUpdate({ $metadata: meta(400), message: 'nope' });
    const batch = new InvalidChangeBatch({ $metadata: meta(400), message: 'Tried to create resource record set but it already exists' });
    const a = translateAwsError(illegal, 'UpdateDistribution', 'E1');
    const b = translateAwsError(batch, 'ChangeResourceRecordSets', 'Z1');
    expect(a).to.be.instanceOf(RequestRejectedError);
    expect((a as RequestRejectedError).code).to.equal('IllegalUpdate');
    expect(b).to.be.instanceOf(RequestRejectedError);
    expect((b as RequestRejectedError).code).to.equal('InvalidChangeBatch');
    expect((b as RequestRejectedError).operation).to.equal('ChangeResourceRecordSets');
  });

  it('passes engine errors (a guard refusing) through unchanged', () => {
    const stale = new StalePlanError('update-aliases:E1:1', 'E1', [{ field: 'enabled', expected: true, found: false }]);
    expect(translateAwsError(stale, 'GetDistribution', 'E1')).to.equal(stale);
  });

  it('on a move: a refusal for the TXT record is an OwnershipProofError naming the alias; other IllegalUpdates are not', () => {
    const txt = new IllegalUpdate({ $metadata: meta(400), message: 'Invalid or missing alias DNS TXT records' });
    const error = translateAwsError(txt, 'UpdateDomainAssociation', 'dt_shop12345', { aliases: ['www.example.com'], move: true });
    expect(error).to.be.instanceOf(OwnershipProofError);
    expect(error).to.include({ alias: 'www.example.com', code: 'IllegalUpdate', operation: 'UpdateDomainAssociation' });
    const enabled = new IllegalUpdate({ $metadata: meta(400), message: 'The source distribution is still enabled' });
    const other = translateAwsError(enabled, 'UpdateDomainAssociation', 'E2', { aliases: ['www.example.com'], move: true });
    expect(other).to.be.instanceOf(RequestRejectedError);
    expect(other).to.not.be.instanceOf(OwnershipProofError);
  });

  it('on a move: AccessDenied names the IAM action that is missing and the moveApi option', () => {
    const denied = new AccessDenied({
      $metadata: meta(403),
      message: 'User is not authorized to perform cloudfront:UpdateDomainAssociation',
    });
    const error = translateAwsError(denied, 'UpdateDomainAssociation', 'E2GREEN', { aliases: ['www.example.com'], move: true });
    expect(error).to.be.instanceOf(RequestRejectedError);
    expect(error).to.include({ code: 'AccessDenied' });
    expect(error.message).to.equal(
      'UpdateDomainAssociation www.example.com → E2GREEN: access denied (User is not authorized to perform cloudfront:UpdateDomainAssociation); allow cloudfront:UpdateDomainAssociation (on the source and target resources), or set moveApi: associate-alias (standard distributions only) in cfalias.yaml',
    );
  });
});
