/**
 * The errors of the API in OVHcloud's shapes: a business refusal is `{ class: "Client::…", message }` with its HTTP
 * status; the auth layer's are `{ errorCode, httpCode, message }` (lib/api/router.ts).
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const ERROR_CLASS: Record<number, string> = {
  400: "Client::BadRequest",
  403: "Client::Forbidden",
  404: "Client::NotFound",
  409: "Client::Conflict",
  429: "Client::TooManyRequests",
};
