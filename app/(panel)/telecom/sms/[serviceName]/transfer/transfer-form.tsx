"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { CreditsAmount } from "@/components/credits";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FocusOnMount } from "@/components/ui/focus-on-mount";
import { Notice } from "@/components/ui/notice";
import { RecreditInvoiceLink } from "@/components/recredit-invoice-link";
import { SelectField } from "@/components/ui/select-field";
import { SubmitButton } from "@/components/ui/submit-button";
import { credits, creditsToNumber } from "@/lib/credits";
import { refusalMessage } from "@/lib/refusals";
import { parseTransferAmount, REFERENCE_MAX_LENGTH } from "@/lib/transfer-rules";
import type { FormState } from "@/lib/auth/action";
import { transferAction } from "./actions";

/** Moves the focus to the first field (in the form's order) that has an error, once it is rendered. */
function focusFirstInvalid(errors: Record<string, string[] | undefined>) {
  const field = ["target", "amount", "reference"].find((name) => errors[name]?.length);
  if (field) requestAnimationFrame(() => document.getElementById(field)?.focus());
}

export type TransferAccount = { serviceName: string; description: string; balance: string; enabled: boolean };

/**
 * Transfer credits: fill in, review a summary (checked with the same rules as the server), confirm. A token per
 * form makes a double click or a resubmission one transfer.
 */
export function TransferForm({
  accounts,
  defaultSource,
  initialToken,
}: {
  accounts: TransferAccount[];
  defaultSource: string;
  initialToken: string;
}) {
  const t = useTranslations();
  const [step, setStep] = useState<"edit" | "review">("edit");
  const source = defaultSource;
  const router = useRouter();
  const [target, setTarget] = useState(() => accounts.find((a) => a.serviceName !== defaultSource)?.serviceName ?? "");
  const [amount, setAmount] = useState("");
  const [reference, setReference] = useState("");
  const [clientErrors, setClientErrors] = useState<Record<string, string[]>>({});
  const [token, setToken] = useState(initialToken);
  const [state, action] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await transferAction(previous, formData);
    setStep("edit");
    // A refusal may come from balances that moved since the page loaded: show the current ones.
    if (!next.ok) router.refresh();
    if (next.ok) {
      setAmount("");
      setReference("");
      // A new token for the next transfer: the used one would replay this one.
      if (next.result?.nextToken) setToken(next.result.nextToken);
    }
    return next;
  }, {});
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step === "review") heading.current?.focus();
  }, [step]);

  const byName = new Map(accounts.map((a) => [a.serviceName, a]));
  const sourceAccount = byName.get(source);
  const targetAccount = byName.get(target);
  const targets = accounts.filter((a) => a.serviceName !== source);

  function review(event: React.FormEvent) {
    event.preventDefault();
    const errors: Record<string, string[]> = {};
    const parsed = parseTransferAmount(amount);
    if (!targetAccount) errors.target = [t("validation.chooseTarget")];
    else if (target === source) errors.target = [t("errors.transfer.same_account")];
    if (!parsed.ok) errors.amount = [t(`errors.transfer.${parsed.code}`)];
    else if (sourceAccount && parsed.value > credits(sourceAccount.balance)) {
      // The very message (and values) the server gives for this refusal.
      const { params } = refusalMessage("transfer", { code: "insufficient_credits", source, balance: credits(sourceAccount.balance), amount: parsed.value });
      errors.amount = [t("errors.transfer.insufficient_credits", params as never)];
    }
    if (reference.trim().length > REFERENCE_MAX_LENGTH) errors.reference = [t("errors.transfer.reference_too_long", { max: REFERENCE_MAX_LENGTH })];
    setClientErrors(errors);
    if (Object.keys(errors).length === 0) setStep("review");
    else focusFirstInvalid(errors);
  }

  const serverErrors = state.ok === false ? state.errors ?? {} : {};
  // A refusal from the server that names a field takes the focus there too.
  useEffect(() => {
    if (state.ok === false && state.errors) focusFirstInvalid(state.errors);
  }, [state]);
  const errorsFor = (field: string) => clientErrors[field] ?? (step === "edit" ? serverErrors[field] : undefined);
  const parsedAmount = parseTransferAmount(amount);
  const amountValue = parsedAmount.ok ? parsedAmount.value : 0n;

  return (
    <div className="flex flex-col gap-4">
      {state.ok && state.result ? (
        <FocusOnMount key={state.at}>
          <Notice tone="success" live title={t("transfer.doneTitle")} testId="transfer-done">
            <p>{state.message}</p>
            <p className="mt-1 text-xs">{t("transfer.reference", { id: state.result.transferId ?? "" })}</p>
            <RecreditInvoiceLink result={state.result} />
          </Notice>
        </FocusOnMount>
      ) : null}
      {state.ok === false && state.message && step === "edit" ? (
        <Notice tone="danger" live testId="transfer-error">
          {state.message}
        </Notice>
      ) : null}

      {step === "edit" ? (
        <form onSubmit={review} noValidate className="flex flex-col gap-4">
          {/* On an account's page the credits leave that account: shown, not chosen. */}
          <Field
            id="source"
            label={t("transfer.source")}
            hint={sourceAccount ? t("transfer.sourceHint", { balance: creditsToNumber(credits(sourceAccount.balance)) }) : undefined}
            value={source}
            readOnly
            className="[&_input]:bg-slate-50"
          />
          <SelectField
            id="target"
            label={t("transfer.target")}
            hint={t("transfer.targetHint")}
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            errors={errorsFor("target")}
            options={targets.map((a) => ({
              value: a.serviceName,
              // With its balance, like the source: the user sees where the credits land and what it has now.
              label: `${t("transfer.accountOption", { name: a.serviceName, balance: creditsToNumber(credits(a.balance)) })}${a.description ? ` — ${a.description}` : ""}`,
            }))}
          />
          <Field
            id="amount"
            label={t("transfer.amount")}
            hint={sourceAccount ? t("transfer.amountHint", { balance: creditsToNumber(credits(sourceAccount.balance)) }) : undefined}
            inputMode="decimal"
            autoComplete="off"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            errors={errorsFor("amount")}
          />
          <Field
            id="reference"
            label={t("transfer.referenceLabel")}
            hint={t("transfer.referenceHint", { max: REFERENCE_MAX_LENGTH })}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            errors={errorsFor("reference")}
          />
          <Button type="submit" className="self-start">
            {t("transfer.review")}
          </Button>
        </form>
      ) : (
        <form action={action} className="flex flex-col gap-4" data-testid="transfer-review">
          <h3 ref={heading} tabIndex={-1} className="text-base font-semibold">
            {t("transfer.summaryTitle")}
          </h3>
          <input type="hidden" name="source" value={source} />
          <input type="hidden" name="target" value={target} />
          <input type="hidden" name="amount" value={amount} />
          <input type="hidden" name="reference" value={reference} />
          <input type="hidden" name="token" value={token} />
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
            <dt className="text-slate-600">{t("transfer.amount")}</dt>
            <dd className="num font-semibold"><CreditsAmount value={amountValue} /></dd>
            <dt className="text-slate-600">{t("transfer.from")}</dt>
            <dd>
              {source}
              {sourceAccount ? (
                <span className="num block text-xs text-slate-600">
                  {t("transfer.balanceChange", {
                    before: creditsToNumber(credits(sourceAccount.balance)),
                    after: creditsToNumber(credits(sourceAccount.balance) - amountValue),
                  })}
                </span>
              ) : null}
            </dd>
            <dt className="text-slate-600">{t("transfer.to")}</dt>
            <dd>
              {target}
              {targetAccount ? (
                <span className="num block text-xs text-slate-600">
                  {t("transfer.balanceChange", {
                    before: creditsToNumber(credits(targetAccount.balance)),
                    after: creditsToNumber(credits(targetAccount.balance) + amountValue),
                  })}
                </span>
              ) : null}
            </dd>
            {reference.trim() ? (
              <>
                <dt className="text-slate-600">{t("transfer.referenceLabel")}</dt>
                <dd className="break-all">{reference.trim()}</dd>
              </>
            ) : null}
          </dl>
          <p className="text-sm text-slate-600">{t("transfer.immediate")}</p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton pendingLabel={t("transfer.pending")}>{t("transfer.confirm")}</SubmitButton>
            <Button type="button" variant="ghost" onClick={() => setStep("edit")}>
              {t("transfer.edit")}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
