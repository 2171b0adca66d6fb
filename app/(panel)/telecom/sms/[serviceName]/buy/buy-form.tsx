"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { startTransition, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FocusOnMount } from "@/components/ui/focus-on-mount";
import { Notice } from "@/components/ui/notice";
import { FormResult } from "@/components/ui/form-result";
import { SelectField } from "@/components/ui/select-field";
import { useForm, useReader, type FormOf } from "@/components/ui/use-form";
import { cn } from "@/components/ui/cn";
import { formatMoney, formatUnitPrice, parseUnitPrice, vatPercent } from "@/lib/billing/money";
import { MAX_QUANTITY, MIN_QUANTITY, PACK_SIZES, parseQuantity, QUANTITY_REFUSALS, quantityRefusal, quotePrice, tierFor, type Quote, type Tier } from "@/lib/billing/pricing";
import { describeRefusal } from "@/lib/refusals";
import { buyAction } from "./actions";

/** How much less a credit costs at this unit price than at the first tier's, as a fraction (0.033 for 3.3 % less). */
function savingOf(tiers: Tier[], unitPrice: string): number {
  const base = tiers[0] ? parseUnitPrice(tiers[0].unitPrice) : 0n;
  if (base === 0n) return 0;
  return Number(((base - parseUnitPrice(unitPrice)) * 10_000n) / base) / 10_000;
}

type Props = {
  serviceName: string;
  tiers: Tier[];
  vatBasisPoints: number;
  paymentMethods: Array<{ id: number; label: string }>;
  /** The idempotency token of the first order. */
  token: string;
  locale: string;
};

/** What the buyer chose: owned by the form, so it stays as it was after a refusal (and after "Buy more"). */
type Choices = {
  choice: string;
  setChoice: (choice: string) => void;
  custom: string;
  setCustom: (custom: string) => void;
  methodId: string;
  setMethodId: (methodId: string) => void;
};

/**
 * Buy credits: packs (each with its price per credit and its saving) or a free quantity; beside the form, the order
 * summary and the table of tiers; then a review of the order before paying.
 */
export function BuyForm({ token: firstToken, ...props }: Props) {
  const { tiers, vatBasisPoints, paymentMethods, locale } = props;
  const t = useTranslations();
  const [choice, setChoice] = useState<string>("500");
  const [custom, setCustom] = useState("");
  const [methodId, setMethodId] = useState(String(paymentMethods[0]?.id ?? ""));
  // Each answer brings the next order's token (the used one would return this order again), unless the order is still pending.
  const form = useForm(buyAction, { token: firstToken });
  const { state } = form;
  // Paid: the form steps aside, so the pay button is not armed again right under the confirmation, until "Buy more".
  const [dismissed, setDismissed] = useState<number>();
  const done = state.ok === true && state.at !== dismissed;

  const raw = choice === "custom" ? custom : choice;
  const parsed = parseQuantity(raw);
  const quote = parsed.ok ? quotePrice(tiers, parsed.value, vatBasisPoints) : null;
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
  const summary = (
    <section aria-labelledby="price-title" className="card" aria-live="polite">
      <h3 id="price-title" className="text-sm font-semibold">{t("buy.summary")}</h3>
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
  );
  return (
    <div className="grid grid-cols-1 gap-5 lg:grid-cols-5">
      {/* New steps with each answer: back to choosing (the choices, owned here, stay as they were sent). */}
      <BuySteps
        key={state.at ?? 0}
        {...props}
        form={form}
        choices={{ choice, setChoice, custom, setCustom, methodId, setMethodId }}
        raw={raw}
        parsed={parsed}
        quote={quote}
      />
      <div className="flex flex-col gap-5 lg:col-span-2">
        {summary}
        <PriceTable tiers={tiers} locale={locale} />
      </div>
    </div>
  );
}

/** The order's two steps: choose (pack or quantity, payment method), then review and pay. */
function BuySteps({
  serviceName,
  tiers,
  paymentMethods,
  locale,
  form,
  choices: { choice, setChoice, custom, setCustom, methodId, setMethodId },
  raw,
  parsed,
  quote,
}: Omit<Props, "token" | "vatBasisPoints"> & {
  form: FormOf<typeof buyAction>;
  choices: Choices;
  raw: string;
  parsed: ReturnType<typeof parseQuantity>;
  quote: Quote | null;
}) {
  const t = useTranslations();
  const reader = useReader();
  const { state, formAction, pending, formRef, token, errors } = form;
  // Choose, then review the order (like a transfer), then pay. Each answer mounts these steps again, at "edit".
  const [step, setStep] = useState<"edit" | "review">("edit");
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step === "review") reviewHeading.current?.focus();
  }, [step]);

  const quantityError =
    choice === "custom" && custom.trim() !== "" && !parsed.ok ? describeRefusal(QUANTITY_REFUSALS, quantityRefusal(parsed.error), reader).message : undefined;
  const nf = new Intl.NumberFormat(locale);
  const methodLabel = paymentMethods.find((m) => String(m.id) === methodId)?.label ?? "";
  // Every choice is state the form owns, and the form is submitted by hand (not as a form action, which React
  // follows with a reset of the form): after a refusal the pack, the quantity and the method stay as they were.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!quote || pending) return;
    if (step === "edit") {
      setStep("review");
      return;
    }
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  };
  return (
      <form ref={formRef} onSubmit={submit} className="card flex flex-col gap-5 lg:col-span-3 lg:self-start" aria-busy={pending} aria-labelledby="buy-title">
        <div>
          <h2 id="buy-title" className="text-lg font-semibold">{t("buy.title")}</h2>
          <p className="mt-1 text-sm text-slate-600">{t("buy.intro", { name: serviceName })}</p>
        </div>
        <input type="hidden" name="serviceName" value={serviceName} />
        <input type="hidden" name="quantity" value={raw} />
        <input type="hidden" name="paymentMethodId" value={methodId} />
        <input type="hidden" name="token" value={token} />
        {/* Hidden, not unmounted, during the review: the choices stay as they are. */}
        <div hidden={step === "review"} className="flex flex-col gap-5">
      <FormResult state={state} show="error" testId="buy-error" />
      <fieldset>
        <legend className="text-sm font-medium">{t("buy.quantity")}</legend>
        <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-5">
          {PACK_SIZES.map((size) => (
            <label
              key={size}
              className={cn(
                "flex min-h-14 cursor-pointer items-center justify-center rounded-md border px-2 py-2 text-sm font-medium num has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
                choice === String(size) ? "border-brand-600 bg-brand-50 text-brand-800" : "border-slate-300 bg-white",
              )}
            >
              <input type="radio" name="pack" value={size} checked={choice === String(size)} onChange={() => setChoice(String(size))} className="sr-only" />
              <span className="flex flex-col items-center leading-tight">
                <span>{nf.format(size)}</span>
                <PackPrice tiers={tiers} size={size} locale={locale} />
              </span>
            </label>
          ))}
          <label
            className={cn(
              "flex min-h-14 cursor-pointer items-center justify-center rounded-md border px-2 py-2 text-sm font-medium has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
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

      <SelectField
        id="paymentMethodId"
        name="paymentMethodChoice"
        label={t("buy.paymentMethod")}
        options={paymentMethods.map((m) => ({ value: String(m.id), label: m.label }))}
        value={methodId}
        onChange={(e) => setMethodId(e.target.value)}
        errors={errors("paymentMethodId")}
      />
          {/* Review waits until the quantity is valid: there is nothing to pay before. */}
          <Button type="submit" className="self-start" disabled={!quote} aria-disabled={!quote}>
            {t("buy.review")}
          </Button>
        </div>
        {step === "review" && quote ? (
          <section aria-labelledby="buy-review-title" className="flex flex-col gap-4" data-testid="buy-review">
            <h3 id="buy-review-title" ref={reviewHeading} tabIndex={-1} className="text-base font-semibold">{t("buy.reviewTitle")}</h3>
            <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
              <dt className="text-slate-600">{t("buy.credits")}</dt>
              <dd className="num font-semibold">{nf.format(quote.quantity)}</dd>
              <dt className="text-slate-600">{t("buy.account")}</dt>
              <dd>{serviceName}</dd>
              <dt className="text-slate-600">{t("buy.paymentMethod")}</dt>
              <dd>{methodLabel}</dd>
              <dt className="text-slate-600">{t("buy.total")}</dt>
              <dd className="num font-semibold">{formatMoney(quote.totalMinor, quote.currency, locale)}</dd>
            </dl>
            <p className="text-sm text-slate-600">{t("buy.reviewNote")}</p>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" disabled={pending} aria-disabled={pending}>
                {pending ? (
                  <>
                    <span className="size-4 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
                    {t("buy.pending")}
                  </>
                ) : (
                  t("buy.payAction", { total: formatMoney(quote.totalMinor, quote.currency, locale) })
                )}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setStep("edit")} disabled={pending}>
                {t("buy.change")}
              </Button>
            </div>
          </section>
        ) : null}
      </form>
  );
}

/** A pack's price per credit, and how much less than the first tier it costs a credit. */
function PackPrice({ tiers, size, locale }: { tiers: Tier[]; size: number; locale: string }) {
  const t = useTranslations("buy");
  const tier = tierFor(tiers, size);
  if (!tier) return null;
  const saving = savingOf(tiers, tier.unitPrice);
  return (
    <>
      <span className="text-xs font-normal text-slate-600">{t("perCredit", { price: formatUnitPrice(parseUnitPrice(tier.unitPrice), tier.currency, locale) })}</span>
      {saving > 0 ? (
        <span className="text-xs font-semibold text-emerald-700">
          {t("saving", { percent: new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(saving) })}
        </span>
      ) : null}
    </>
  );
}

/** Every tier at once: from how many credits, the price of one credit, and the saving on the first tier. */
export function PriceTable({ tiers, locale }: { tiers: Tier[]; locale: string }) {
  const t = useTranslations("buy");
  const nf = new Intl.NumberFormat(locale);
  const pct = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="tiers-title" className="card">
      <h3 id="tiers-title" className="text-sm font-semibold">{t("tiersTitle")}</h3>
      <table className="mt-2 w-full text-sm" data-testid="price-tiers">
        <caption className="sr-only">{t("tiersTitle")}</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
            <th scope="col" className="py-1 pr-3 font-semibold">{t("tierQuantity")}</th>
            <th scope="col" className="py-1 pr-3 text-right font-semibold">{t("tierPrice")}</th>
            <th scope="col" className="py-1 text-right font-semibold">{t("tierSaving")}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tiers.map((tier) => {
            const saving = savingOf(tiers, tier.unitPrice);
            return (
              <tr key={tier.minQuantity}>
                <th scope="row" className="num py-1.5 pr-3 text-left font-normal">
                  {tier.maxQuantity === null
                    ? t("tierFrom", { min: nf.format(tier.minQuantity) })
                    : t("tierRange", { min: nf.format(tier.minQuantity), max: nf.format(tier.maxQuantity) })}
                </th>
                <td className="num py-1.5 pr-3 text-right">{formatUnitPrice(parseUnitPrice(tier.unitPrice), tier.currency, locale)}</td>
                <td className="num py-1.5 text-right text-emerald-700">{saving > 0 ? pct.format(saving) : "—"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-600">{t("tiersNote")}</p>
    </section>
  );
}
