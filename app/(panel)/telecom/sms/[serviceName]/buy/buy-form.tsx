"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { startTransition, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FocusOnMount } from "@/components/ui/focus-on-mount";
import { Notice } from "@/components/ui/notice";
import { FormResult } from "@/components/ui/form-result";
import { SelectField } from "@/components/ui/select-field";
import { useForm, useReader } from "@/components/ui/use-form";
import { cn } from "@/components/ui/cn";
import { formatMoney, formatUnitPrice, vatPercent } from "@/lib/money";
import { MAX_QUANTITY, MIN_QUANTITY, PACK_SIZES, parseQuantity, QUANTITY_REFUSALS, quantityRefusal, quotePrice, type Tier } from "@/lib/pricing";
import { describeRefusal } from "@/lib/refusals";
import { buyAction } from "./actions";

/** Buy credits: a pack or a free quantity, the price (per credit, excluding VAT, VAT, total) shown before paying. */
export function BuyForm({
  serviceName,
  tiers,
  vatBasisPoints,
  paymentMethods,
  token: firstToken,
  locale,
}: {
  serviceName: string;
  tiers: Tier[];
  vatBasisPoints: number;
  paymentMethods: Array<{ id: number; label: string }>;
  /** The idempotency token of the first order. */
  token: string;
  locale: string;
}) {
  const t = useTranslations();
  const [choice, setChoice] = useState<string>("500");
  const [custom, setCustom] = useState("");
  const [methodId, setMethodId] = useState(String(paymentMethods[0]?.id ?? ""));
  const reader = useReader();
  // Each answer brings the next order's token (the used one would return this order again), unless the order is still pending.
  const { state, formAction, pending, formRef, token, errors } = useForm(buyAction, { token: firstToken });
  // Paid: the form steps aside, so the pay button is not armed again right under the confirmation, until "Buy more".
  const [dismissed, setDismissed] = useState<number>();
  const done = state.ok === true && state.at !== dismissed;

  const raw = choice === "custom" ? custom : choice;
  const parsed = parseQuantity(raw);
  const quote = parsed.ok ? quotePrice(tiers, parsed.value, vatBasisPoints) : null;
  const quantityError =
    choice === "custom" && custom.trim() !== "" && !parsed.ok ? describeRefusal(QUANTITY_REFUSALS, quantityRefusal(parsed.error), reader).message : undefined;
  const nf = new Intl.NumberFormat(locale);

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <FocusOnMount key={state.at}>
          <Notice tone="success" live title={t("buy.doneTitle")} testId="buy-done">
            <p>{state.message}</p>
            {state.result?.orderId ? (
              <Link href={`/billing/orders/${state.result.orderId}`} className="mt-1 inline-block font-medium underline">
                {t("buy.viewInvoice", { id: state.result.orderId })}
              </Link>
            ) : null}
          </Notice>
        </FocusOnMount>
        <Button type="button" variant="secondary" className="self-start" onClick={() => setDismissed(state.at)}>
          {t("buy.buyMore")}
        </Button>
      </div>
    );
  }
  // Every choice is state the form owns, and the form is submitted by hand (not as a form action, which React
  // follows with a reset of the form): after a refusal the pack, the quantity and the method stay as they were.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!quote || pending) return;
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };
  return (
    <form ref={formRef} onSubmit={submit} className="flex flex-col gap-5" aria-busy={pending}>
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="quantity" value={raw} />
      <input type="hidden" name="token" value={token} />
      <FormResult state={state} show="error" testId="buy-error" />

      <fieldset>
        <legend className="text-sm font-medium">{t("buy.quantity")}</legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-5">
          {PACK_SIZES.map((size) => (
            <label
              key={size}
              className={cn(
                "flex min-h-10 cursor-pointer items-center justify-center rounded-md border px-3 py-2 text-sm font-medium num has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
                choice === String(size) ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white",
              )}
            >
              <input type="radio" name="pack" value={size} checked={choice === String(size)} onChange={() => setChoice(String(size))} className="sr-only" />
              {nf.format(size)}
            </label>
          ))}
          <label
            className={cn(
              "flex min-h-10 cursor-pointer items-center justify-center rounded-md border px-3 py-2 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
              choice === "custom" ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white",
            )}
          >
            <input type="radio" name="pack" value="custom" checked={choice === "custom"} onChange={() => setChoice("custom")} className="sr-only" />
            {t("buy.other")}
          </label>
        </div>
      </fieldset>
      {choice === "custom" ? (
        <Field
          id="custom-quantity"
          label={t("buy.customQuantity")}
          hint={t("buy.customHint", { min: nf.format(MIN_QUANTITY), max: nf.format(MAX_QUANTITY) })}
          errors={quantityError ? [quantityError] : errors("quantity")}
          inputMode="numeric"
          autoComplete="off"
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          autoFocus
        />
      ) : null}

      <section aria-labelledby="price-title" className="rounded-md border border-slate-200 bg-slate-50 p-4" aria-live="polite">
        <h3 id="price-title" className="text-sm font-semibold">{t("buy.price")}</h3>
        {quote ? (
          <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm" data-testid="quote">
            <dt className="text-slate-600">{t("buy.credits")}</dt>
            <dd className="num text-right">{nf.format(quote.quantity)}</dd>
            <dt className="text-slate-600">{t("buy.unitPrice")}</dt>
            <dd className="num text-right">{formatUnitPrice(quote.unitPrice, quote.currency, locale)}</dd>
            <dt className="text-slate-600">{t("buy.exclVat")}</dt>
            <dd className="num text-right">{formatMoney(quote.amountExclVatMinor, quote.currency, locale)}</dd>
            <dt className="text-slate-600">{t("buy.vat", { rate: new Intl.NumberFormat(locale).format(vatPercent(quote.vatBasisPoints)) })}</dt>
            <dd className="num text-right">{formatMoney(quote.vatMinor, quote.currency, locale)}</dd>
            <dt className="font-semibold">{t("buy.total")}</dt>
            <dd className="num text-right font-semibold" data-testid="quote-total">{formatMoney(quote.totalMinor, quote.currency, locale)}</dd>
          </dl>
        ) : (
          <p className="mt-2 text-sm text-slate-600">{t("buy.noQuote")}</p>
        )}
      </section>

      <SelectField
        id="paymentMethodId"
        label={t("buy.paymentMethod")}
        options={paymentMethods.map((m) => ({ value: String(m.id), label: m.label }))}
        value={methodId}
        onChange={(e) => setMethodId(e.target.value)}
        errors={errors("paymentMethodId")}
      />
      {/* Pay stays disabled until the quantity is valid (there is nothing to pay before) and while paying. */}
      <Button type="submit" className="self-start" disabled={!quote || pending} aria-disabled={!quote || pending}>
        {pending ? (
          <>
            <span className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
            {t("buy.pending")}
          </>
        ) : quote ? (
          t("buy.payAction", { total: formatMoney(quote.totalMinor, quote.currency, locale) })
        ) : (
          t("buy.payActionNoQuote")
        )}
      </Button>
    </form>
  );
}
