/**
 * The web-standard globals every JavaScript runtime crmkit supports provides (Node ≥ 20, Deno,
 * Bun, browsers, edge workers — the WinterCG minimum common API), declared for the core-only
 * type check (tsconfig.core.json), which deliberately has neither Node's nor the DOM's types.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare function structuredClone<T>(value: T): T;
declare function queueMicrotask(callback: () => void): void;
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const console: { log(...data: unknown[]): void; warn(...data: unknown[]): void; error(...data: unknown[]): void };
