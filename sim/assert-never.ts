/** The default of an exhaustive `switch`: a compile error if a case is missing, an internal error if reached. */
export function assertNever(x: never): never {
  throw new Error(`internal error: unexpected value ${String(x)}`);
}
