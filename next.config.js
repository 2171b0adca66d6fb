// @ts-check
const createNextIntlPlugin = require("next-intl/plugin");

const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  // Messages are compiled when the app is built (issue 12): no ICU parsing on each request, and the browser gets the
  // small format-only formatter instead of intl-messageformat. A message without arguments stays a plain string (what
  // lib/api/bodies.ts and lib/http/action-guard.ts read directly); one with arguments is read through a translator.
  experimental: { messages: { path: "./messages", format: "json", locales: "infer", precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // COMPRESS=0 behind a proxy that compresses (nginx's gzip, a CDN): the app then sends plain responses and spends no
  // CPU on compression (README, "Behind a reverse proxy"). Read when the server starts.
  compress: process.env.COMPRESS !== "0",
  reactStrictMode: true,
  // Native and WASM packages are loaded by Node at run time, not bundled.
  // Server actions: bodies up to 1 MB (proxy.ts answers a larger one 413 first: lib/http/action-guard.ts).
  experimental: { serverActions: { bodySizeLimit: "1mb" } },
  serverExternalPackages: ["@electric-sql/pglite", "pg", "pg-boss", "@node-rs/argon2", "rate-limiter-flexible", "pino", "prom-client"],
  async headers() {
    // The content security policy (with a per-request nonce) is set in proxy.ts.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

module.exports = withNextIntl(nextConfig);
