// Preloaded into a client process (node -r ./e2e/resolve-hosts.cjs): resolves the names of E2E_RESOLVE
// ("panel.test=127.0.0.1,other=…") to the given addresses, as an /etc/hosts entry would, so a client can address
// the panel at a real host name without touching the machine's resolver.
const dns = require("node:dns");

const map = new Map(
  (process.env.E2E_RESOLVE ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => pair.split("=").map((s) => s.trim())),
);
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const address = map.get(String(hostname).toLowerCase());
  if (!address) return lookup.apply(this, arguments);
  const cb = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options !== null && options.all;
  const family = address.includes(":") ? 6 : 4;
  process.nextTick(() => (all ? cb(null, [{ address, family }]) : cb(null, address, family)));
};
