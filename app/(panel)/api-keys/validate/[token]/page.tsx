import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { credentialStatus, findCredentialByToken, mayGrant } from "@/lib/api/credentials";
import { requireUser } from "@/lib/auth/session";
import { DecideForm } from "./decide-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("api");
  return { title: t("validateTitle") };
}

/** The validation URL of a consumer key: the signed-in user sees the application and its rules, then grants or refuses. */
export default async function ValidatePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await requireUser();
  const [t, found] = await Promise.all([getTranslations("api"), getDb().then((db) => findCredentialByToken(db, token, user.customer.id))]);
  if (!found) notFound();
  const { credential, application } = found;
  // A request older than a day, or already decided, shows its state and no form (the server refuses it anyway).
  const status = credentialStatus(credential);
  return (
    <Card className="mx-auto max-w-xl" aria-labelledby="validate-title">
      <h1 id="validate-title" className="text-xl font-semibold">{t("validateTitle")}</h1>
      <p className="mt-2 text-sm">{t("validateIntro", { app: application.name, user: user.email, customer: user.customer.nicHandle })}</p>
      {application.description ? <p className="mt-1 text-sm text-slate-600">{application.description}</p> : null}
      <h2 className="mt-4 text-sm font-semibold">{t("rules")}</h2>
      <ul className="mt-1 font-mono text-sm" data-testid="credential-rules">
        {credential.rules.map((r) => <li key={`${r.method} ${r.path}`}>{r.method} {r.path}</li>)}
      </ul>
      <p className="mt-2 text-xs text-slate-600">{t("actsAs", { role: user.role })}</p>
      <div className="mt-4">
        {status !== "pendingValidation" ? (
          <Notice tone={status === "expired" ? "warning" : "info"} testId="credential-state">
            {status === "expired" ? t("expiredRequest") : t(`status.${status}`)}
          </Notice>
        ) : mayGrant(user.role) ? (
          <DecideForm token={token} />
        ) : (
          <Notice tone="info" testId="credential-role-refusal">{t("roleCannotGrant")}</Notice>
        )}
      </div>
    </Card>
  );
}
