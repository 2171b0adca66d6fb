import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { credentialBody, parseJsonBody, updateSmsBody } from "@/lib/api/bodies";
import { openApiDocument, operations } from "@/lib/api/openapi";
import { API_ROUTES } from "@/lib/api/routes";

/**
 * The route table is the one list of the API: every endpoint once, its example true to its own schemas, and the
 * OpenAPI document and the docs page made from it (no second list to drift).
 */
describe("the API's route table", () => {
  it("declares each endpoint once", () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(["POST /sms/{serviceName}/jobs", "DELETE /sms/{serviceName}/jobs/{id}", "PUT /sms/{serviceName}", "POST /auth/credential"]));
  });

  it.each(API_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))("%s: its example request and answer match its schemas", (_, r) => {
    if (r.body) expect(parseJsonBody(r.body, r.example.request)).toMatchObject({ ok: true });
    else expect(r.example.request).toBeUndefined();
    expect(r.answer.safeParse(r.example.response).success).toBe(true);
  });

  it("generates the OpenAPI document and the docs' operations from it", () => {
    const doc = openApiDocument(API_ROUTES, "https://panel.example.com/1.0");
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path]![r.method.toLowerCase()] as { requestBody?: { content: { "application/json": { schema: { properties?: object } } } }; responses: Record<string, unknown> };
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      expect(op.requestBody !== undefined).toBe(r.body !== undefined);
    }
    const jobs = doc.paths["/sms/{serviceName}/jobs"]!.post as { requestBody: { content: { "application/json": { schema: { properties: Record<string, { enum?: string[] }>; additionalProperties?: boolean } } } } };
    const schema = jobs.requestBody.content["application/json"].schema;
    expect(schema.properties.class!.enum).toEqual(["flash", "phoneDisplay", "sim", "toolkit"]);
    expect(schema.additionalProperties).toBe(false);
    expect(operations(API_ROUTES).map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual(API_ROUTES.map((r) => `${r.method} ${r.path}`));
  });

  it("reads bodies with their schemas, with OVHcloud's messages", () => {
    expect(parseJsonBody(updateSmsBody, { creditsLeft: 5 })).toEqual({ ok: false, message: "creditsLeft is read-only." });
    expect(parseJsonBody(updateSmsBody, { foo: 5 })).toEqual({ ok: false, message: "Unknown field foo." });
    expect(parseJsonBody(updateSmsBody, { callBack: 5 })).toEqual({ ok: false, message: 'callBack must be a string (a URL, or "" for none).' });
    const rules = 'accessRules must be a list of { method: GET|POST|PUT|DELETE|PATCH, path: "/..." }.';
    for (const accessRules of [undefined, [], [{ method: "GET" }], [{ method: "FETCH", path: "/sms" }], [{ method: "GET", path: "sms" }], "GET /sms"]) {
      expect(parseJsonBody(credentialBody, { accessRules })).toEqual({ ok: false, message: rules });
    }
    expect(parseJsonBody(credentialBody, { accessRules: [{ method: "GET", path: "/sms*" }], allowedIPs: ["10.0.0.1", "nope"] })).toEqual({ ok: false, message: "allowedIPs must be a list of IP addresses." });
    expect(parseJsonBody(credentialBody, { accessRules: [{ method: "GET", path: "/sms*" }], redirection: "javascript:alert(1)" })).toEqual({
      ok: true,
      value: { accessRules: [{ method: "GET", path: "/sms*" }], redirection: null },
    });
  });

  it("has no body checked by hand and no import circle between the router and the routes", () => {
    const routes = readFileSync("lib/api/sms-routes.ts", "utf8");
    expect(routes).not.toMatch(/typeof [\w.]*body/i);
    expect(routes).not.toMatch(/from "\.\/router"/);
  });
});
