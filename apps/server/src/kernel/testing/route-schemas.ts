/**
 * Request schemas of every /api route, read back from the generated OpenAPI document, and two
 * generators over them: a minimal valid sample (for sweeps that must get past validation) and a
 * fast-check arbitrary (for fuzzing).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { RouteInfo } from '../http/route-conventions.js';

export type JsonSchema = {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minProperties?: number;
  default?: unknown;
  items?: JsonSchema;
};

export type RouteSchemas = { body?: JsonSchema; query?: JsonSchema };

export const routeKey = (r: { method: string; url: string }) => `${r.method} ${r.url}`;

type Operation = {
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
};

/** Body and querystring schemas by `METHOD /api/path/:param`. */
export function routeSchemas(app: FastifyInstance): Map<string, RouteSchemas> {
  const spec = app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const out = new Map<string, RouteSchemas>();
  for (const r of app.routeTable) {
    const op = spec.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
    const query = op?.parameters?.filter((p) => p.in === 'query') ?? [];
    out.set(routeKey(r), {
      body: op?.requestBody?.content?.['application/json']?.schema,
      query: query.length
        ? {
            type: 'object',
            properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
            required: query.filter((p) => p.required).map((p) => p.name),
          }
        : undefined,
    });
  }
  return out;
}

/** Fills every `:param` of a route URL. */
export function fillPath(
  route: RouteInfo | { url: string },
  params: Record<string, string> | ((name: string) => string),
) {
  return route.url.replace(/:(\w+)/g, (_m, name: string) =>
    encodeURIComponent(typeof params === 'function' ? params(name) : (params[name] ?? '')),
  );
}

const STRING_CANDIDATES = ['Sample-name_01', 'Sample text 样例', '13800138000', '123456', 'abc', 'x'];

/**
 * A minimal value that satisfies the schema. `uuid(name)` chooses ids by property name, so a sweep can
 * point body ids at objects the caller owns.
 */
export function sampleFor(
  schema: JsonSchema | undefined,
  uuid: (name: string) => string,
  name = '',
): unknown {
  if (!schema) return undefined;
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleFor(schema.anyOf[0], uuid, name);
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      const keys = [...(schema.required ?? [])];
      for (const k of Object.keys(props))
        if (keys.length < (schema.minProperties ?? 0) && !keys.includes(k)) keys.push(k);
      return Object.fromEntries(keys.map((k) => [k, sampleFor(props[k], uuid, k)]));
    }
    case 'string': {
      if (schema.format === 'uuid') return uuid(name);
      if (schema.format === 'email') return 'sample@example.org';
      if (schema.format === 'date-time') return new Date().toISOString();
      const fits = (s: string) =>
        s.length >= (schema.minLength ?? 0) &&
        s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY) &&
        (!schema.pattern || new RegExp(schema.pattern, 'u').test(s));
      const found = STRING_CANDIDATES.find(fits) ?? 'x'.repeat(Math.max(1, schema.minLength ?? 1));
      return found;
    }
    case 'integer':
    case 'number':
      return schema.default ?? schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return null;
  }
}

const nastyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    "' OR 1=1 --",
    '%_\\',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '𝕌𝕟𝕚𝕠𝕟',
    '',
  ),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'x'.repeat(n)),
);

/**
 * Values shaped by the schema most of the time (so requests get past validation into the services),
 * with hostile strings and wrong types mixed in.
 */
export function arbitraryFor(
  schema: JsonSchema | undefined,
  ids: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  if (!schema || depth > 4) return anyJson;
  if ('const' in schema) return fc.oneof(fc.constant(schema.const), nastyString);
  if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), nastyString);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => arbitraryFor(s, ids, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const props = schema.properties ?? {};
      const model = Object.fromEntries(
        Object.entries(props).map(([k, s]) => [k, arbitraryFor(s, ids, depth + 1)]),
      );
      const shaped = fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in model) });
      return fc.oneof({ weight: 4, arbitrary: shaped }, { weight: 1, arbitrary: anyJson });
    }
    case 'string': {
      let shaped: fc.Arbitrary<string>;
      if (schema.format === 'uuid')
        shaped = ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
      else if (schema.format === 'email') shaped = fc.emailAddress();
      else if (schema.format === 'date-time') {
        shaped = fc.oneof(
          fc
            .date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') })
            .map((d) => d.toISOString()),
          fc.constantFrom('2024-12-31T23:59:60Z', '0000-01-01T00:00:00Z', '2024-02-30T00:00:00+14:00'),
        );
      } else if (schema.pattern) shaped = fc.stringMatching(new RegExp(schema.pattern));
      else
        shaped = fc.string({
          minLength: schema.minLength ?? 0,
          maxLength: Math.min(schema.maxLength ?? 60, 300),
        });
      return fc.oneof(
        { weight: 4, arbitrary: shaped },
        { weight: 1, arbitrary: nastyString },
        { weight: 1, arbitrary: anyJson },
      );
    }
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 }),
        fc.constantFrom(0, -1, 2 ** 53, 1e308, 0.5),
        nastyString,
      );
    case 'boolean':
      return fc.oneof(fc.boolean(), anyJson);
    default:
      return anyJson;
  }
}
