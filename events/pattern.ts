/**
 * EventBridge event patterns, evaluated locally. Supported (docs/events.md, "The local bus"): exact values,
 * arrays as OR, nested objects, `prefix`, `suffix` (both with `equals-ignore-case`), `anything-but`
 * (values, `prefix`, `suffix`, `wildcard`), `numeric` (=, <, <=, >, >= and ranges), `exists`,
 * `equals-ignore-case`, `wildcard`, `cidr` (IPv4) and `$or`. A field that is an array in the event
 * matches when any of its elements matches.
 */
export type EventPattern = { [key: string]: unknown };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function matches(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event as Json);
}

function matchObject(pattern: EventPattern, value: Json | undefined): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(rule as EventPattern[]).some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const field =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, Json>)[key]
        : undefined;
    if (Array.isArray(rule)) {
      if (!matchField(rule, field)) return false;
    } else if (rule !== null && typeof rule === 'object') {
      if (field === undefined || field === null || typeof field !== 'object' || Array.isArray(field)) {
        // A nested pattern can still succeed when all its leaves only ask for absence.
        if (!matchObject(rule as EventPattern, undefined)) return false;
      } else if (!matchObject(rule as EventPattern, field)) return false;
    } else {
      throw new Error(`Invalid event pattern at "${key}": values must be in an array`);
    }
  }
  return true;
}

/** A leaf: the field matches if any condition in the array matches (OR). */
function matchField(conditions: unknown[], field: Json | undefined): boolean {
  const values: Array<Json | undefined> = Array.isArray(field)
    ? field.length
      ? field
      : [undefined]
    : [field];
  return conditions.some((condition) => {
    if (condition !== null && typeof condition === 'object' && 'exists' in condition) {
      const present = field !== undefined;
      return (condition as { exists: boolean }).exists === present;
    }
    return values.some((v) => v !== undefined && matchCondition(condition, v));
  });
}

function matchCondition(condition: unknown, value: Json): boolean {
  if (condition === null || typeof condition !== 'object') return condition === value;
  const [operator, operand] = Object.entries(condition as Record<string, unknown>)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return affix(operand, value, (v, a) => v.startsWith(a));
    case 'suffix':
      return affix(operand, value, (v, a) => v.endsWith(a));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(operand).toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && wildcard(String(operand), value);
    case 'numeric':
      return typeof value === 'number' && numeric(operand as Array<string | number>, value);
    case 'cidr':
      return typeof value === 'string' && cidr(String(operand), value);
    case 'anything-but':
      return anythingBut(operand, value);
    default:
      throw new Error(`Unsupported event pattern operator "${operator}"`);
  }
}

function affix(operand: unknown, value: Json, test: (v: string, a: string) => boolean): boolean {
  if (typeof value !== 'string') return false;
  if (operand !== null && typeof operand === 'object' && 'equals-ignore-case' in operand) {
    return test(
      value.toLowerCase(),
      String((operand as Record<string, unknown>)['equals-ignore-case']).toLowerCase(),
    );
  }
  return test(value, String(operand));
}

function anythingBut(operand: unknown, value: Json): boolean {
  if (Array.isArray(operand)) return !operand.includes(value);
  if (operand !== null && typeof operand === 'object') {
    const [op, arg] = Object.entries(operand as Record<string, unknown>)[0] ?? [];
    if (op === 'prefix' || op === 'suffix' || op === 'wildcard' || op === 'equals-ignore-case') {
      if (typeof value !== 'string') return true;
      const args = Array.isArray(arg) ? arg : [arg];
      return !args.some((a) => matchCondition({ [op]: a }, value));
    }
    throw new Error(`Unsupported anything-but operand "${op}"`);
  }
  return operand !== value;
}

function wildcard(pattern: string, value: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${regex}$`, 's').test(value);
}

function numeric(rules: Array<string | number>, value: number): boolean {
  for (let i = 0; i < rules.length; i += 2) {
    const op = rules[i];
    const bound = Number(rules[i + 1]);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function cidr(range: string, ip: string): boolean {
  const toInt = (address: string) => {
    const parts = address.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) return undefined;
    return parts.reduce((acc, p) => acc * 256 + p, 0);
  };
  const [base, bitsText] = range.split('/');
  const bits = Number(bitsText ?? 32);
  const a = toInt(ip);
  const b = toInt(base ?? '');
  if (a === undefined || b === undefined) return false;
  const block = 2 ** (32 - bits);
  return Math.floor(a / block) === Math.floor(b / block);
}
