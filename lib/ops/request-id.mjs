// @ts-check
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The request's id: the one a proxy in front gave (`X-Request-Id`, nginx's $request_id) when it looks like an id,
 * else a new one. Only for correlating log lines, never trusted for anything else.
 * @param {string | string[] | null | undefined} incoming
 */
export function requestIdFrom(incoming) {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && ACCEPTED_ID.test(value) ? value : crypto.randomUUID();
}
