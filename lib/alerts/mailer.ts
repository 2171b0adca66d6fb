import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";

/**
 * Outgoing e-mail (low-balance alerts): nodemailer to the SMTP server named by SMTP_URL. Without it, null: e-mail
 * alerts are not configured and the pages say so.
 */
export type Mail = { from: string; to: string; subject: string; text: string; messageId?: string };
export type Mailer = { send: (mail: Mail) => Promise<void>; from: string };

/** A mailer for an SMTP URL (smtp://host:port, smtps://…), with the sender of its mails. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport: Transporter = nodemailer.createTransport(url);
  return {
    from,
    async send(mail) {
      await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
    },
  };
}

const globalForMailer = globalThis as unknown as { __smsPanelMailer?: Mailer | null };

/** The process's mailer from the environment, or null without SMTP_URL. */
export function configuredMailer(): Mailer | null {
  if (globalForMailer.__smsPanelMailer === undefined) {
    const { SMTP_URL, SMTP_FROM, PUBLIC_URL } = env();
    const host = PUBLIC_URL ? new URL(PUBLIC_URL).hostname : "localhost";
    globalForMailer.__smsPanelMailer = SMTP_URL ? smtpMailer(SMTP_URL, SMTP_FROM ?? `no-reply@${host}`) : null;
  }
  return globalForMailer.__smsPanelMailer;
}

/** Whether e-mail alerts can be sent (SMTP_URL is set). */
export function emailConfigured(): boolean {
  return Boolean(env().SMTP_URL);
}
