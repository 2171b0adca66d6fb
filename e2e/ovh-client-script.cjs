// Runs OVHcloud's official Node client (@ovhcloud/node-ovh) against the panel over TLS, as a script of an account
// manager would. The client speaks only HTTPS: the test trusts its self-signed certificate with NODE_EXTRA_CA_CERTS.
const ovhFactory = require("@ovhcloud/node-ovh");

const [phase] = process.argv.slice(2);
const ovh = ovhFactory({
  host: process.env.OVH_HOST || "localhost",
  port: Number(process.env.OVH_PORT),
  appKey: process.env.OVH_APP_KEY,
  appSecret: process.env.OVH_APP_SECRET,
  consumerKey: process.env.OVH_CONSUMER_KEY || undefined,
});

const account = process.env.OVH_ACCOUNT;
const settle = (p) => p.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));

async function main() {
  if (phase === "credential") {
    const credential = await ovh.requestPromised("POST", "/auth/credential", {
      accessRules: [
        { method: "GET", path: "/sms*" },
        { method: "PUT", path: "/sms/*" },
        { method: "POST", path: "/sms/*" },
      ],
    });
    return credential;
  }
  if (phase === "list") {
    const list = await ovh.requestPromised("GET", "/sms");
    return { list, first: await ovh.requestPromised("GET", "/sms/{serviceName}", { serviceName: list[0] }) };
  }
  const out = {};
  out.list = await ovh.requestPromised("GET", "/sms");
  out.before = await ovh.requestPromised("GET", "/sms/{serviceName}", { serviceName: account });
  out.put = await ovh.requestPromised("PUT", "/sms/{serviceName}", { serviceName: account, automaticRecreditAmount: 500, creditThresholdForAutomaticRecredit: 100 });
  out.transfer = await ovh.requestPromised("POST", "/sms/{serviceName}/transferCredits", { serviceName: account, credits: 10, smsAccountTarget: process.env.OVH_TARGET });
  out.job = await ovh.requestPromised("POST", "/sms/{serviceName}/jobs", { serviceName: account, message: "Hello from node-ovh – café", receivers: ["+447400123456"], sender: "Acme" });
  out.outgoing = await ovh.requestPromised("GET", "/sms/{serviceName}/outgoing/{id}", { serviceName: account, id: out.job.ids[0] });
  out.after = await ovh.requestPromised("GET", "/sms/{serviceName}", { serviceName: account });
  out.target = await ovh.requestPromised("GET", "/sms/{serviceName}", { serviceName: process.env.OVH_TARGET });
  // OVHcloud's own "send an SMS" guide, as written: no sender but senderForResponse, and every option of a job.
  out.guide = await ovh.requestPromised("POST", "/sms/{serviceName}/jobs", {
    serviceName: account,
    charset: "UTF-8", class: "phoneDisplay", coding: "7bit", message: "Hello from the guide", noStopClause: false,
    priority: "high", receivers: ["+447400123456"], senderForResponse: true, validityPeriod: 2880,
  });
  out.foreign = await settle(ovh.requestPromised("GET", "/sms/{serviceName}", { serviceName: process.env.OVH_FOREIGN }));
  out.foreignTransfer = await settle(ovh.requestPromised("POST", "/sms/{serviceName}/transferCredits", { serviceName: account, credits: 1, smsAccountTarget: process.env.OVH_FOREIGN }));
  return out;
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stderr.write(`client error: ${JSON.stringify(error)}\n`);
    process.exit(1);
  },
);
