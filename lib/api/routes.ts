import { publicOrigin } from "@/lib/http/request-origin";
import * as answers from "./answers";
import { authRoutes } from "./auth-routes";
import { openApiDocument } from "./openapi";
import { smsRoutes } from "./sms-routes";
import { route, type Route } from "./table";

/**
 * The API's route table: every endpoint, once. The router serves it, and the OpenAPI document (served here) and the
 * panel's API docs page are generated from it.
 */
export const API_ROUTES: Route[] = [
  route({
    method: "GET",
    path: "/openapi.json",
    auth: "public",
    summary: "This document: the OpenAPI 3.1 description of the API, generated from its route table.",
    answer: answers.openApi,
    example: { response: { openapi: "3.1.0", info: { title: "SMS credits panel API (OVHcloud v1 dialect)", version: "1.0" }, paths: {} } },
    handler: async ({ request }) => ({ body: openApiDocument(API_ROUTES, `${publicOrigin(request)}/1.0`) }),
  }),
  ...authRoutes,
  ...smsRoutes,
];
