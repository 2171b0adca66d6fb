import type { z } from "zod";
import type { Db } from "@/db/client";
import type { Permission } from "@/lib/auth/permissions";
import type { IdempotencyClaim } from "@/lib/idempotency";
import type { ApiApplication } from "@/db/schema";
import type { ApiPrincipal } from "./credentials";

/**
 * The shape of the API's route table (lib/api/routes.ts): each endpoint declared once, with the zod schemas of its
 * body and answer, who may call it, its permission and its example. The router (lib/api/router.ts) matches, checks and
 * validates from it; the OpenAPI document and the docs page (lib/api/openapi.ts) are generated from it.
 */
export type RouteResult = { status?: number; body: unknown; headers?: Record<string, string> };

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/** What a signed route's handler gets: the caller, the path's parameters and the body as its schema read it. */
export type ApiContext<Body = unknown> = {
  db: Db;
  principal: ApiPrincipal;
  params: Record<string, string>;
  body: Body;
  query: URLSearchParams;
  /**
   * The idempotency key of a write (lib/idempotency.ts): the Idempotency-Key header, or else the request's own
   * signature, so a captured signed request replayed within its window gets the first answer and changes nothing.
   */
  idempotency: IdempotencyClaim | undefined;
};

/** What a public route's handler gets (no credential: rates, server time, the OpenAPI document). */
export type PublicContext = { db: Db; query: URLSearchParams; request: Request };

/** What the credential request gets (application key only). */
export type ApplicationContext<Body = unknown> = { db: Db; request: Request; application: ApiApplication; body: Body };

type Common<B extends z.ZodType | undefined, A extends z.ZodType> = {
  method: Method;
  /** The path under /1.0, with {parameters}. */
  path: string;
  summary: string;
  /** The JSON body's schema (none: the body is ignored). Its messages are the API's 400 messages. */
  body?: B;
  /** The answer's schema (200), for the OpenAPI document; the examples are checked against it by the tests. */
  answer: A;
  example: { request?: B extends z.ZodType ? z.input<B> : never; query?: Record<string, string>; response: z.input<A> };
};

type Body<B> = B extends z.ZodType ? z.output<B> : null;

export type RouteDefinition<B extends z.ZodType | undefined, A extends z.ZodType> = Common<B, A> &
  (
    | { auth: "signed"; permission?: Permission; handler: (ctx: ApiContext<Body<B>>) => Promise<RouteResult> }
    | { auth: "public"; handler: (ctx: PublicContext) => Promise<RouteResult> }
    | { auth: "application"; handler: (ctx: ApplicationContext<Body<B>>) => Promise<RouteResult> }
  );

/** A route of the table, its types erased (the router validates the body with its schema before the handler sees it). */
export type Route = Common<z.ZodType | undefined, z.ZodType> &
  (
    | { auth: "signed"; permission?: Permission; handler: (ctx: ApiContext<unknown>) => Promise<RouteResult> }
    | { auth: "public"; handler: (ctx: PublicContext) => Promise<RouteResult> }
    | { auth: "application"; handler: (ctx: ApplicationContext<unknown>) => Promise<RouteResult> }
  );

/** Declares one endpoint; the handler's body is typed by the body schema. */
export function route<B extends z.ZodType | undefined = undefined, A extends z.ZodType = z.ZodType>(definition: RouteDefinition<B, A>): Route {
  return definition as unknown as Route;
}
