import { newFormToken } from "@/lib/idempotency";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TransferList } from "@/components/transfer-list";
import { Card, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { getDb } from "@/db";
import { can } from "@/lib/auth/permissions";
import { creditsToString } from "@/lib/credits/amounts";
import { searchAccountChoices } from "@/lib/sms/accounts";
import { listTransfers } from "@/lib/credits/transfers";
import { loadAccount } from "../data";
import { TransferForm } from "./transfer-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("nav");
  return { title: t("transfer") };
}

export default async function TransferPage({ params }: { params: Promise<{ serviceName: string }> }) {
  const { serviceName } = await params;
  const { user, account } = await loadAccount(serviceName);
  const db = await getDb();
  const [t, others, recent] = await Promise.all([
    getTranslations(),
    // Whether there is any other account to credit; the form searches them as the user types.
    searchAccountChoices(db, user.customer.id, { q: "", exclude: account.serviceName, limit: 1 }),
    listTransfers(db, user.customer.id, { serviceName: account.serviceName, limit: 10 }),
  ]);
  const allowed = can(user.role, "transferCredits");
  return (
    <div className="grid grid-cols-1 items-start gap-5 lg:grid-cols-5">
      <Card className="lg:col-span-3" aria-labelledby="transfer-title">
        <CardTitle id="transfer-title">{t("transfer.title")}</CardTitle>
        <p className="mt-1 mb-4 text-sm text-slate-600">{t("transfer.intro")}</p>
        {!allowed ? (
          <Notice tone="info" title={t("transfer.readOnlyTitle")}>
            {t("transfer.readOnlyBody")}
          </Notice>
        ) : others.length === 0 ? (
          <EmptyState title={t("transfer.singleAccountTitle")}>{t("transfer.singleAccountBody")}</EmptyState>
        ) : (
          <TransferForm
            defaultSource={{
              serviceName: account.serviceName,
              description: account.description,
              balance: creditsToString(account.creditsLeft),
              enabled: account.status === "enable",
            }}
            accountsUrl={`/telecom/sms/${encodeURIComponent(account.serviceName)}/transfer/accounts`}
            token={newFormToken()}
          />
        )}
      </Card>
      <Card className="lg:col-span-2" aria-labelledby="transfers-title">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle id="transfers-title">{t("transfer.recent")}</CardTitle>
          <a
            href={`/telecom/sms/${account.serviceName}/transfer/export`}
            className="text-sm font-medium text-brand-700 underline underline-offset-2"
            download
          >
            {t("transfer.export")}
          </a>
        </div>
        <div className="mt-3">
          <TransferList items={recent} serviceName={account.serviceName} />
        </div>
      </Card>
    </div>
  );
}
