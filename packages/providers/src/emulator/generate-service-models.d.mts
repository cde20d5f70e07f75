/** Types of generate-service-models.mjs, for the test that checks service-models.ts is current. */
export declare const MODELS_DIR: string;
export declare const TARGET: string;
export declare const SERVICES: readonly { readonly constName: string; readonly file: string; readonly operations: readonly string[] }[];
export declare function generateServiceModels(modelsDir?: string): string;
