import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { credentialStatus, listApplications } from "@/lib/api/credentials";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { CreateApplicationForm, DeleteApplication, RevokeCredential } from "./forms";
import { DATE, DATE_TIME } from "@/lib/i18n/dates";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("api");
  return { title: t("title") };
}

export default async function ApiPage() {
  const user = await requireUser();
  const [t, format, apps] = await Promise.all([getTranslations("api"), getFormatter(), getDb().then((db) => listApplications(db, user.customer.id))]);
  if (!can(user.role, "manageApiKeys")) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader title={t("title")} />
        <Notice tone="info">{t("readOnly")}</Notice>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <div className="grid grid-cols-1 items-start gap-5 lg:grid-cols-5">
        <Card className="lg:col-span-2" aria-labelledby="create-title">
          <CardTitle id="create-title">{t("createTitle")}</CardTitle>
          <div className="mt-3"><CreateApplicationForm activeKeys={apps.map((a) => a.application.applicationKey)} /></div>
        </Card>
        <Card className="lg:col-span-3" aria-labelledby="apps-title">
          <CardTitle id="apps-title">{t("appsTitle")}</CardTitle>
          {apps.length === 0 ? (
            <div className="mt-3"><EmptyState title={t("emptyTitle")}>{t("emptyBody")}</EmptyState></div>
          ) : (
            <ul className="mt-3 flex flex-col gap-4">
              {apps.map(({ application, credentials }) => (
                <li key={application.id} className="rounded-md border border-slate-200 p-3">
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <p className="min-w-0 font-medium">
                      {application.name} <span className="font-mono text-xs break-all text-slate-600">{application.applicationKey}</span>
                    </p>
                    <DeleteApplication
                      id={application.id}
                      name={application.name}
                      activeKeys={credentials.filter((c) => c.status === "validated").length}
                    />
                  </div>
                  {application.description ? <p className="text-sm text-slate-600">{application.description}</p> : null}
                  {credentials.length === 0 ? (
                    <p className="mt-2 text-sm text-slate-600">{t("noCredentials")}</p>
                  ) : (
                    <ul className="mt-2 divide-y divide-slate-100 text-sm">
                      {credentials.map((c) => (
                        <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                          <div>
                            <Badge tone={c.status === "validated" ? "success" : credentialStatus(c) === "pendingValidation" ? "warning" : "neutral"}>{t(`status.${credentialStatus(c)}`)}</Badge>{" "}
                            <span className="font-mono text-xs">{c.rules.map((r) => `${r.method} ${r.path}`).join(", ")}</span>
                            <span className="block text-xs text-slate-600">
                              {t("credentialDates", {
                                created: format.dateTime(c.createdAt, DATE),
                                expires: c.expiresAt ? format.dateTime(c.expiresAt, DATE_TIME) : t("never"),
                                used: c.lastUseAt ? format.dateTime(c.lastUseAt, DATE_TIME) : t("never"),
                              })}
                            </span>
                          </div>
                          {c.status === "validated" ? <RevokeCredential id={c.id} /> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
