"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { FormResult } from "@/components/ui/form-result";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm } from "@/components/ui/use-form";
import { creditsToNumber, parseCredits } from "@/lib/credits/amounts";
import { RECREDIT_AMOUNTS, recreditDue } from "@/lib/recredit/rules";
import { saveRecreditAction } from "./actions";

/**
 * Threshold and amount. When the conditions are not met only "Do not top up" can be chosen (the server refuses the
 * rest with the same reason). Before saving, says whether a re-credit (and a charge) would follow at once.
 */
export function RecreditForm({
  serviceName,
  threshold,
  amount,
  balance,
  canEnable,
  prices,
  monthlyCap,
  currency,
  capUsage,
}: {
  serviceName: string;
  threshold: string;
  amount: number | null;
  balance: string;
  canEnable: boolean;
  prices: Record<string, { excl: string; incl: string }>;
  /** The cap as an amount ("50.00"), or "" for none. */
  monthlyCap: string;
  currency: string;
  /** "This month: £34.80 of the £50.00 cap used.", already formatted. */
  capUsage: string;
}) {
  const t = useTranslations("recredit");
  const { state, formAction, formRef, errors } = useForm(saveRecreditAction);
  const [thresholdText, setThreshold] = useState(threshold);
  const [amountText, setAmount] = useState(amount === null ? "off" : String(amount));
  const parsedThreshold = parseCredits(thresholdText);
  const parsedBalance = parseCredits(balance);
  const immediate =
    amountText !== "off" &&
    parsedThreshold.ok &&
    parsedBalance.ok &&
    parsedThreshold.value >= 0n &&
    recreditDue({ amount: Number(amountText), threshold: parsedThreshold.value }, parsedBalance.value);
  const price = prices[amountText];
  return (
    // Re-mounted after each answer: React resets a form after its action, which would leave the controlled select
    // showing its initial option while the saved value is another.
    <form key={state.at} ref={formRef} action={formAction} className="flex flex-col gap-4">
      <input type="hidden" name="serviceName" value={serviceName} />
      <FormResult state={state} testId="recredit-saved" errorTestId="recredit-error" />
      <Field id="threshold" name="threshold" label={t("threshold")} hint={t("thresholdHint")} inputMode="decimal" errors={errors("threshold")}
        value={thresholdText} onChange={(e) => setThreshold(e.target.value)} />
      <div className="flex flex-col gap-1">
        <label htmlFor="amount" className="text-sm font-medium">{t("amount")}</label>
        <select
          id="amount"
          name="amount"
          value={amountText}
          onChange={(e) => setAmount(e.target.value)}
          aria-describedby="amount-hint"
          className="min-h-10 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          <option value="off">{t("doNotTopUp")}</option>
          {RECREDIT_AMOUNTS.map((a) => (
            // While the conditions are unmet the saved amount stays shown (and kept when saved), marked suspended.
            <option key={a} value={String(a)} disabled={!canEnable && a !== amount}>
              {!canEnable && a === amount ? t("amountOptionSaved", { amount: a }) : t("amountOption", { amount: a })}
            </option>
          ))}
        </select>
        <p id="amount-hint" className="text-xs text-slate-600">
          {canEnable ? t("amountHint") : amount !== null ? t("amountLockedSaved", { amount }) : t("amountLocked")}
        </p>
      </div>
      {price ? (
        <p className="text-sm" data-testid="recredit-price">
          {t("price", { excl: price.excl, incl: price.incl })}
        </p>
      ) : null}
      {immediate ? (
        <Notice tone="warning" testId="recredit-immediate">
          {t("immediate", { balance: parsedBalance.ok ? creditsToNumber(parsedBalance.value) : 0, amount: Number(amountText), incl: price?.incl ?? "" })}
        </Notice>
      ) : null}
      <Field
        id="monthlyCap"
        name="monthlyCap"
        label={t("monthlyCap", { currency })}
        hint={t("monthlyCapHint")}
        inputMode="decimal"
        defaultValue={state.values?.monthlyCap ?? monthlyCap}
        errors={state.ok === false ? state.errors?.monthlyCap : undefined}
      />
      <p className="text-sm" data-testid="recredit-cap-usage">{capUsage}</p>
      <SubmitButton pendingLabel={t("saving")} className="self-start">{t("save")}</SubmitButton>
    </form>
  );
}
