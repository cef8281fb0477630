/**
 * A part only some functions are built with (ADR 10): the handlers that use it give it to their
 * service, so the others' bundles leave its AWS clients out. Asking for one a function was not given
 * is a programming error, named here so the fix is obvious.
 */
export function requirePart<P extends object, K extends keyof P>(
  parts: P,
  name: K,
  factory: string,
): NonNullable<P[K]> {
  const part = parts[name];
  if (!part) throw new Error(`This function was not built with ${String(name)} (give it to ${factory}())`);
  return part as NonNullable<P[K]>;
}
