import { z } from "zod";
import type { Route } from "./table";

/**
 * The OpenAPI 3.1 description of the API, generated from the route table (lib/api/routes.ts): paths, parameters,
 * the JSON Schema of each body and answer (from their zod schemas), and each endpoint's example. Served at
 * /1.0/openapi.json; the panel's API docs page shows the same operations.
 */
export type Operation = {
  method: "get" | "post" | "put" | "delete";
  path: string;
  summary: string;
  /** Needs a signed request (false: public, or the application key only). */
  auth: boolean;
  request?: unknown;
  response: unknown;
  query?: Record<string, string>;
};

export function operations(routes: readonly Route[]): Operation[] {
  return routes.map((r) => ({
    method: r.method.toLowerCase() as Operation["method"],
    path: r.path,
    summary: r.summary,
    auth: r.auth === "signed",
    ...(r.body ? { request: r.example.request } : {}),
    ...(r.example.query ? { query: r.example.query } : {}),
    response: r.example.response,
  }));
}

/** The JSON Schema of a body or an answer, without its $schema line (the document's dialect is OpenAPI 3.1's). */
const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  return json;
};

export function openApiDocument(routes: readonly Route[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = Object.entries(r.example.query ?? {}).map(([name, example]) => ({ name, in: "query", required: false, schema: { type: "string" }, example }));
    (paths[r.path] ??= {})[r.method.toLowerCase()] = {
      summary: r.summary,
      security: r.auth === "signed" ? [{ ovhSignature: [] }] : [],
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body, "input"), example: r.example.request } } } } : {}),
      responses: {
        "200": { description: "Success (body null for operations without a result)", content: { "application/json": { schema: jsonSchema(r.answer, "output"), example: r.example.response } } },
        "400": { description: "Refused: { class: \"Client::BadRequest\", message }" },
        "403": { description: "Auth layer: { errorCode: INVALID_SIGNATURE | INVALID_CREDENTIAL | NOT_GRANTED_CALL | QUERY_TIME_OUT, message }" },
        "404": { description: "Not found, or not yours: { class: \"Client::NotFound\", message }" },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SMS credits panel API (OVHcloud v1 dialect)",
      version: "1.0",
      description:
        "Signed like OVHcloud's API: X-Ovh-Application, X-Ovh-Consumer, X-Ovh-Timestamp and X-Ovh-Signature = \"$1$\" + sha1(secret+consumerKey+METHOD+fullUrl+body+timestamp). OVHcloud's official clients work unchanged.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        ovhSignature: { type: "apiKey", in: "header", name: "X-Ovh-Signature", description: "With X-Ovh-Application, X-Ovh-Consumer and X-Ovh-Timestamp." },
      },
    },
    paths,
  };
}
