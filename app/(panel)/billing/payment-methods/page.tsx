import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/auth/session";
import { listMethods } from "@/lib/billing/payment-methods";
import { recreditsDependingOn } from "@/lib/recredit/trigger";
import { CardForm, MethodAction, RevokeMethod, SepaForm } from "./forms";
import { DATE } from "@/lib/i18n/dates";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("paymentMethods");
  return { title: t("title") };
}

const tone = { valid: "success", pending_validation: "warning", refused: "danger", expired: "danger", canceled: "neutral", revoked: "neutral" } as const;

export default async function PaymentMethodsPage() {
  const user = await requireUser();
  const db = await getDb();
  const [t, format, methods] = await Promise.all([getTranslations(), getFormatter(), listMethods(db, user.customer.id)]);
  // For each method, the SMS accounts whose automatic re-credit its revocation would suspend (the dialog names them).
  const suspends = new Map(
    await Promise.all(methods.map(async (m) => [m.id, (await recreditsDependingOn(db, user.customer.id, m.id)).map((a) => a.serviceName)] as const)),
  );
  const manage = can(user.role, "managePaymentMethods");
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("paymentMethods.title")} subtitle={t("paymentMethods.subtitle", { customer: user.customer.nicHandle })} />
      <Card aria-labelledby="methods-title">
        <CardTitle id="methods-title">{t("paymentMethods.listTitle")}</CardTitle>
        {methods.length === 0 ? (
          <div className="mt-3"><EmptyState title={t("paymentMethods.emptyTitle")}>{t("paymentMethods.emptyBody")}</EmptyState></div>
        ) : (
          <ul className="mt-3 divide-y divide-slate-100" data-testid="payment-methods">
            {methods.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0">
                  <p className="font-medium">
                    <span className="num">{m.maskedNumber}</span>{" "}
                    <span className="text-sm font-normal text-slate-600">· {t(`paymentMethod.type.${m.type}`)}</span>
                  </p>
                  <p className="text-xs text-slate-600">
                    {m.holder}
                    {m.mandateReference ? ` · ${t("paymentMethods.mandate", { reference: m.mandateReference })}` : ""}
                    {m.cardExpiry ? ` · ${t("paymentMethods.expires", { expiry: m.cardExpiry })}` : ""}
                    {" · "}
                    {t("paymentMethods.added", { date: format.dateTime(m.createdAt, DATE) })}
                  </p>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <Badge tone={tone[m.status]}>{t(`paymentMethods.status.${m.status}`)}</Badge>
                  {m.isDefault ? <Badge tone="info">{t("paymentMethod.default")}</Badge> : null}
                  {manage && m.status === "pending_validation" ? <MethodAction id={m.id} kind="validate" label={t("paymentMethods.validate")} /> : null}
                  {manage && m.status === "valid" && !m.isDefault ? <MethodAction id={m.id} kind="default" label={t("paymentMethods.makeDefault")} variant="ghost" /> : null}
                  {manage && (m.status === "valid" || m.status === "pending_validation") ? (
                    <RevokeMethod id={m.id} method={m.maskedNumber} suspends={suspends.get(m.id) ?? []} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {manage ? (
        <div className="grid grid-cols-1 gap-5 lg:grid-cols-2">
          <Card aria-labelledby="sepa-title">
            <CardTitle id="sepa-title">{t("paymentMethods.sepaTitle")}</CardTitle>
            <p className="mt-1 mb-4 text-sm text-slate-600">{t("paymentMethods.sepaIntro")}</p>
            <SepaForm />
          </Card>
          <Card aria-labelledby="card-title">
            <CardTitle id="card-title">{t("paymentMethods.cardTitle")}</CardTitle>
            <p className="mt-1 mb-4 text-sm text-slate-600">{t("paymentMethods.cardIntro")}</p>
            <CardForm />
          </Card>
          <div className="lg:col-span-2">
            <Notice tone="info" title={t("paymentMethods.sandboxTitle")}>{t("paymentMethods.sandboxBody")}</Notice>
          </div>
        </div>
      ) : (
        <Notice tone="info">{t("paymentMethods.readOnly")}</Notice>
      )}
    </div>
  );
}
