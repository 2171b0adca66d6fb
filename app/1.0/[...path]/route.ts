import { handleApiRequest } from "@/lib/api/router";

/** The REST API in the OVHcloud v1 dialect: every method of every path under /1.0 goes to one router. */
export const GET = handleApiRequest;
export const POST = handleApiRequest;
export const PUT = handleApiRequest;
export const DELETE = handleApiRequest;
export const PATCH = handleApiRequest;
