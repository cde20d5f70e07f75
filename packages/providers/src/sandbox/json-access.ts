/**
 * Reading an unvalidated JSON document defensively: the world file's semantic checks run beside the
 * schema's, on a document that may have any shape, so every access checks what it finds.
 */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[key]` when it is an array, else empty. */
export function arrayAt(value: unknown, key: string): unknown[] {
  return isObject(value) && Array.isArray(value[key]) ? (value[key] as unknown[]) : [];
}

/** `value[key]` when it is a string. */
export function stringAt(value: unknown, key: string): string | undefined {
  return isObject(value) && typeof value[key] === 'string' ? value[key] : undefined;
}
