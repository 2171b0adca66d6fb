import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import QRCode from "qrcode";
import { logoutEverywhere } from "@/app/actions/session";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { requireUser } from "@/lib/auth/session";
import { listUserSessions, sessionPolicy } from "@/lib/auth/sessions";
import { totpState } from "@/lib/auth/totp";
import { env } from "@/lib/env";
import { ChangePasswordForm, DisableTotpForm, EndSessionButton, StartTotpButton, TotpPanel } from "./forms";
import { DATE_TIME } from "@/lib/i18n/dates";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("security");
  return { title: t("title") };
}

/** A browser's name from its user agent, for the list of sessions (enough to recognise one's own devices). */
function deviceName(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Firefox\//.test(userAgent) ? "Firefox" : /Chrom(e|ium)\//.test(userAgent) ? "Chrome" : /Safari\//.test(userAgent) ? "Safari" : null;
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows" : /Mac OS X/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : null;
  return [browser, system].filter(Boolean).join(" · ") || userAgent.slice(0, 60);
}

export default async function SecurityPage() {
  const user = await requireUser();
  const db = await getDb();
  const policy = sessionPolicy();
  const [t, format, sessions, totp] = await Promise.all([
    getTranslations("security"),
    getFormatter(),
    listUserSessions(db, user.id),
    totpState(db, user, env().AUTH_SECRET),
  ]);
  const qr = totp.status === "pending" ? await QRCode.toDataURL(totp.uri, { margin: 1, width: 200, errorCorrectionLevel: "M" }) : null;
  const when = (date: Date) => format.dateTime(date, DATE_TIME);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
        <Card aria-labelledby="sessions-title" className="lg:col-span-2">
          <CardTitle id="sessions-title">{t("sessionsTitle")}</CardTitle>
          <p className="mt-1 text-sm text-slate-600">{t("sessionsHint", { idle: policy.idleMinutes, max: policy.maxHours })}</p>
          <ul className="mt-3 divide-y divide-slate-100" data-testid="session-list">
            {sessions.map((s) => {
              const current = s.id === user.sessionId;
              const device = deviceName(s.userAgent) ?? t("unknownDevice");
              return (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid={current ? "current-session" : "other-session"}>
                  <div className="min-w-0 text-sm">
                    <p className="font-medium">
                      {device} {current ? <Badge tone="info">{t("thisSession")}</Badge> : null}
                    </p>
                    <p className="text-slate-600">
                      {t("sessionDetails", { created: when(s.createdAt), seen: when(s.lastSeenAt) })}
                      {s.ipAddress ? <span className="block break-all">{t("address", { ip: s.ipAddress })}</span> : null}
                    </p>
                  </div>
                  {current ? null : <EndSessionButton id={s.id} label={device} />}
                </li>
              );
            })}
          </ul>
          <form action={logoutEverywhere} className="mt-3 flex flex-col items-start gap-1 border-t border-slate-200 pt-4">
            <Button type="submit" variant="danger">{t("logoutEverywhere")}</Button>
            <p className="text-sm text-slate-600">{t("logoutEverywhereHint")}</p>
          </form>
        </Card>

        <Card aria-labelledby="password-title">
          <CardTitle id="password-title">{t("passwordTitle")}</CardTitle>
          <p className="mt-1 text-sm text-slate-600">{t("passwordHint")}</p>
          <div className="mt-3">
            <ChangePasswordForm minLength={PASSWORD_MIN_LENGTH} />
          </div>
        </Card>

        <Card heading={{ id: "totp-title", title: t("totpTitle"), aside: <Badge tone={totp.status === "on" ? "success" : "neutral"}>{totp.status === "on" ? t("statusOn") : t("statusOff")}</Badge> }}>
          <div className="mt-3">
            <TotpPanel status={totp.status}>
              {totp.status === "off" ? (
                <>
                  <p className="text-sm text-slate-700">{t("totpOff")}</p>
                  <StartTotpButton />
                </>
              ) : null}
              {totp.status === "pending" ? (
                <div className="flex flex-col gap-3 text-sm">
                  <p>{t("totpScan")}</p>
                  {/* A data: URL (allowed by the content security policy's img-src), rendered on the server. */}
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={qr!} alt={t("qrAlt")} width={200} height={200} className="rounded border border-slate-200" />
                  <dl className="grid grid-cols-1 gap-1">
                    <dt className="font-medium">{t("secretKey")}</dt>
                    <dd className="break-all font-mono" data-testid="totp-secret">{totp.secret}</dd>
                    <dt className="mt-2 font-medium">{t("otpUri")}</dt>
                    <dd className="break-all font-mono text-xs">
                      {/* On a phone, the link opens the authenticator app directly. */}
                      <a href={totp.uri} className="text-brand-700 underline underline-offset-2" data-testid="totp-uri">{totp.uri}</a>
                    </dd>
                  </dl>
                </div>
              ) : null}
              {totp.status === "on" ? (
                <div className="flex flex-col gap-4">
                  <p className="text-sm text-slate-700" data-testid="totp-on">
                    {t("totpOn", { date: when(totp.enabledAt), left: totp.recoveryCodesLeft })}
                  </p>
                  <DisableTotpForm />
                </div>
              ) : null}
            </TotpPanel>
          </div>
        </Card>
      </div>
    </div>
  );
}
