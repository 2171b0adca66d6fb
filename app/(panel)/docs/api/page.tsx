import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { operations } from "@/lib/api/openapi";
import { API_ROUTES } from "@/lib/api/routes";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("apiDocs");
  return { title: t("title") };
}

/** The API reference, generated from the route table (lib/api/routes.ts), as the OpenAPI document is, with an example per endpoint. */
export default async function ApiDocsPage() {
  const t = await getTranslations("apiDocs");
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t("title")} subtitle={t("intro")}>
        <p className="mt-2 text-sm">
          <a href="/1.0/openapi.json" className="font-medium text-brand-700 underline underline-offset-2">{t("openapi")}</a>
        </p>
      </PageHeader>
      {operations(API_ROUTES).map((op) => (
        <Card key={`${op.method} ${op.path}`} aria-label={`${op.method.toUpperCase()} ${op.path}`}>
          <h2 className="flex flex-wrap items-center gap-2 font-mono text-sm font-semibold">
            <Badge tone={op.method === "get" ? "info" : "warning"}>{op.method.toUpperCase()}</Badge>
            /1.0{op.path}
            {op.auth ? null : <Badge tone="neutral">{t("public")}</Badge>}
          </h2>
          <p className="mt-2 text-sm text-slate-700">{op.summary}</p>
          <div className="mt-3 grid grid-cols-1 gap-3 lg:grid-cols-2">
            {op.request !== undefined || op.query ? (
              <div className="min-w-0">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("request")}</h3>
                <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">
                  {op.query ? `?${new URLSearchParams(op.query).toString()}\n` : ""}
                  {op.request !== undefined ? JSON.stringify(op.request, null, 2) : ""}
                </pre>
              </div>
            ) : null}
            <div className="min-w-0">
              <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{t("response")}</h3>
              <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100">{JSON.stringify(op.response, null, 2)}</pre>
            </div>
          </div>
        </Card>
      ))}
    </div>
  );
}
