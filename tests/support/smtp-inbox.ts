import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A mail as a test reads it: one per recipient of the envelope. */
export type ReceivedMail = { to: string; subject: string; text: string; messageId: string };

/**
 * A real SMTP server in the test's process (no auth, no TLS), collecting what the panel sends: the integration tests
 * and the alert journey read their e-mails from it.
 */
export async function startSmtpInbox(port: number): Promise<{ inbox: ReceivedMail[]; close: () => Promise<void> }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo) {
            inbox.push({ to: rcpt.address, subject: mail.subject ?? "", text: mail.text ?? "", messageId: mail.messageId ?? "" });
          }
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { inbox, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
