type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  additionalProperties?: unknown;
};

/**
 * What a change to an event's schema would break for a consumer written against `published`:
 * a field removed, a field no longer always sent, a type changed, an enum value a consumer may
 * receive... Adding optional or required fields, or new enum values on output, is allowed.
 */
export function breakingChanges(published: Schema, current: Schema, path = 'detail'): string[] {
  const problems: string[] = [];
  const types = (s: Schema) => [s.type ?? 'any'].flat().sort().join('|');
  if (published.type && types(published) !== types(current)) {
    problems.push(`${path}: type changed from ${types(published)} to ${types(current)}`);
    return problems;
  }
  if (published.enum && current.enum) {
    const added = current.enum.filter((v) => !(published.enum as unknown[]).includes(v));
    if (added.length)
      problems.push(`${path}: new values ${JSON.stringify(added)} a consumer does not expect`);
  }
  for (const [name, property] of Object.entries(published.properties ?? {})) {
    const next = current.properties?.[name];
    if (!next) {
      problems.push(`${path}.${name}: removed`);
      continue;
    }
    if (published.required?.includes(name) && !current.required?.includes(name)) {
      problems.push(`${path}.${name}: no longer always present`);
    }
    problems.push(...breakingChanges(property, next, `${path}.${name}`));
  }
  if (published.items && current.items)
    problems.push(...breakingChanges(published.items, current.items, `${path}[]`));
  return problems;
}
