import { getFormatter, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import type { CallbackCall, SmsAccount } from "@/db/schema";
import { CallbacksForm } from "./callbacks-form";

/** callBack / stopCallBack of the SMS account: the URLs, the signing secret, and the last calls with their answers. */
export async function CallbacksCard({ account, calls, canEdit }: { account: SmsAccount; calls: CallbackCall[]; canEdit: boolean }) {
  const [t, format] = await Promise.all([getTranslations("callbacks"), getFormatter()]);
  return (
    <Card aria-labelledby="callbacks-title">
      <CardTitle id="callbacks-title">{t("title")}</CardTitle>
      <p className="mt-1 mb-3 text-sm text-slate-600">{t("intro")}</p>
      {canEdit ? (
        <>
          <CallbacksForm serviceName={account.serviceName} callBack={account.callbackUrl} stopCallBack={account.stopCallbackUrl} />
          <div className="mt-4">
            <h3 className="text-sm font-medium">{t("secret")}</h3>
            {account.callbackSecret ? (
              <code className="mt-1 block break-all rounded-md bg-slate-100 px-2 py-1 font-mono text-xs" data-testid="callback-secret">
                {account.callbackSecret}
              </code>
            ) : (
              <p className="mt-1 text-sm text-slate-600">{t("noSecret")}</p>
            )}
            <p className="mt-1 text-xs text-slate-600">{t("secretHint")}</p>
          </div>
        </>
      ) : (
        <Notice tone="info">{t("readOnly")}</Notice>
      )}
      <h3 className="mt-4 text-sm font-medium" id="callback-calls-title">{t("callsTitle")}</h3>
      {calls.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">{t("noCalls")}</p>
      ) : (
        <div className="mt-2" data-testid="callback-calls">
          <DataTable
            caption={t("callsTitle")}
            dense
            rows={calls}
            rowKey={(c) => c.id.toString()}
            columns={[
              {
                header: t("time"),
                rowHeader: true,
                cell: (c) => (
                  <>
                    {format.dateTime(c.lastAttemptAt ?? c.createdAt, { dateStyle: "short", timeStyle: "medium" })}
                    <span className="block text-xs font-normal text-slate-600 sm:hidden">
                      {t(`kind.${c.kind}`)} · {t("attempt")} {c.attempts}
                    </span>
                  </>
                ),
              },
              { header: t("event"), from: "sm", cell: (c) => t(`kind.${c.kind}`) },
              { header: t("attempt"), from: "sm", numeric: true, cell: (c) => c.attempts },
              {
                header: t("answer"),
                cell: (c) => (
                  <>
                    <Badge tone={c.status === "succeeded" ? "success" : c.status === "failed" ? "danger" : "warning"}>{t(`status.${c.status}`)}</Badge>{" "}
                    <span className="num">{c.lastHttpStatus ?? (c.attempts > 0 ? t("noAnswer") : "")}</span>
                    {c.lastAnswer ? <span className="block max-w-48 truncate text-xs text-slate-600" title={c.lastAnswer}>{c.lastAnswer}</span> : null}
                  </>
                ),
              },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
