/**
 * The subset of the AWS service model format (botocore `service-2.json`) that the emulator's
 * protocol codecs read: operations' HTTP bindings and shapes' wire traits. The data itself is
 * generated into service-models.ts.
 */

import { acmModel, cloudFrontModel, iamModel, route53Model } from './service-models.js';

/** The services answered from their AWS model (STS and the lock's S3 are answered by hand). */
export const SERVICE_MODELS = { cloudfront: cloudFrontModel, route53: route53Model, acm: acmModel, iam: iamModel } as const;

export type HttpLocation = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface MemberModel {
  readonly shape: string;
  readonly location?: HttpLocation;
  readonly locationName?: string;
  readonly xmlNamespace?: { readonly uri: string };
  readonly flattened?: boolean;
  readonly xmlAttribute?: boolean;
}

export interface StructureShape {
  readonly type: 'structure';
  readonly members: Readonly<Record<string, MemberModel>>;
  readonly payload?: string;
  readonly error?: { readonly httpStatusCode?: number; readonly code?: string; readonly senderFault?: boolean };
  readonly exception?: boolean;
}

export interface ListShape {
  readonly type: 'list';
  readonly member: { readonly shape: string; readonly locationName?: string };
  readonly flattened?: boolean;
}

export interface ScalarShape {
  readonly type: 'string' | 'integer' | 'long' | 'double' | 'float' | 'boolean' | 'timestamp' | 'blob';
  readonly timestampFormat?: string;
}

export type ShapeModel = StructureShape | ListShape | ScalarShape;

export interface OperationModel {
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { readonly shape: string; readonly locationName?: string; readonly xmlNamespace?: { readonly uri: string } };
  /** `resultWrapper`: the query protocol's `<…Result>` element around the output members. */
  readonly output?: { readonly shape: string; readonly resultWrapper?: string };
  readonly errors: readonly string[];
}

export interface ServiceModel {
  readonly metadata: {
    readonly apiVersion: string;
    readonly protocol: string;
    readonly endpointPrefix: string;
    readonly serviceId: string;
    readonly jsonVersion?: string;
    readonly targetPrefix?: string;
    /** The query protocol's response namespace (IAM). */
    readonly xmlNamespace?: string;
  };
  readonly operations: Readonly<Record<string, OperationModel>>;
  readonly shapes: Readonly<Record<string, ShapeModel>>;
}

/** Looks a shape up; a missing one is a bug in the generated slice, not a client error. */
export function shapeOf(model: ServiceModel, name: string): ShapeModel {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`${model.metadata.serviceId}: shape ${name} is not in the emulator's model slice`);
  return shape;
}

export function structureOf(model: ServiceModel, name: string): StructureShape {
  const shape = shapeOf(model, name);
  if (shape.type !== 'structure') throw new Error(`${model.metadata.serviceId}: shape ${name} is a ${shape.type}, not a structure`);
  return shape;
}

/** The model's HTTP status for an error code, when the service models that error. */
export function modeledErrorStatus(model: ServiceModel, code: string): number | undefined {
  const shape = model.shapes[code];
  if (shape?.type !== 'structure' || !shape.exception) return undefined;
  return shape.error?.httpStatusCode ?? 400;
}
