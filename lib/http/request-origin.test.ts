import { describe, expect, it, vi } from "vitest";
import { candidateUrls } from "@/lib/api/signature";
import { addressedOrigin, addressedUrl, clientAddress, publicOrigin, signatureOrigins } from "./request-origin";

// What Next's route handlers get: request.url is always the server's own (http://localhost:PORT); the forwarded
// headers are the ones server.mjs wrote.
const request = (headers: Record<string, string>) => new Request("http://localhost:3000/1.0/sms?x=1", { headers });

describe("request origin", () => {
  it("is the origin the client addressed, not the server's own", () => {
    const direct = request({ host: "127.0.0.1:3300", "x-forwarded-host": "127.0.0.1:3300", "x-forwarded-proto": "http", "x-forwarded-for": "127.0.0.2" });
    expect(addressedOrigin(direct)).toBe("http://127.0.0.1:3300");
    expect(addressedUrl(direct).href).toBe("http://127.0.0.1:3300/1.0/sms?x=1");
    expect(clientAddress(direct.headers)).toBe("127.0.0.2");

    const proxied = request({ host: "127.0.0.1:3300", "x-forwarded-host": "panel.test:8443", "x-forwarded-proto": "https", "x-forwarded-for": "2001:db8::7" });
    expect(addressedOrigin(proxied)).toBe("https://panel.test:8443");
    expect(clientAddress(proxied.headers)).toBe("2001:db8::7");
    expect(candidateUrls("/1.0/sms", signatureOrigins(proxied))).toEqual(["https://panel.test:8443/1.0/sms", "https://panel.test/1.0/sms"]);
  });

  it("without PUBLIC_URL, links use the addressed origin; with it, PUBLIC_URL, also a signature origin", async () => {
    const proxied = request({ "x-forwarded-host": "10.0.0.5:3000", "x-forwarded-proto": "http" });
    expect(publicOrigin(proxied)).toBe("http://10.0.0.5:3000");
    expect(signatureOrigins(proxied)).toEqual(["http://10.0.0.5:3000"]);

    vi.stubEnv("PUBLIC_URL", "https://Panel.Example.com/");
    vi.stubEnv("AUTH_SECRET", "x".repeat(32));
    vi.resetModules();
    try {
      const fresh = await import("./request-origin");
      expect(fresh.publicOrigin(proxied)).toBe("https://panel.example.com");
      expect(fresh.signatureOrigins(proxied)).toEqual(["http://10.0.0.5:3000", "https://panel.example.com"]);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("never takes a non-address for the client's", () => {
    expect(clientAddress(new Headers({ "x-forwarded-for": "<script>" }))).toBe("unknown");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
