"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FocusOnMount } from "@/components/ui/focus-on-mount";
import { Notice } from "@/components/ui/notice";
import { RecreditInvoiceLink } from "@/components/recredit-invoice-link";
import { AccountCombobox, type AccountChoice } from "@/components/ui/account-combobox";
import { FormResult } from "@/components/ui/form-result";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm, useReader, type FormOf } from "@/components/ui/use-form";
import { credits, creditsToNumber } from "@/lib/credits/amounts";
import { describeRefusal } from "@/lib/refusals";
import { parseTransferAmount, REFERENCE_MAX_LENGTH, TRANSFER_REFUSALS, type TransferRefusal } from "@/lib/credits/transfer-rules";
import { transferAction } from "./actions";

type Props = {
  /** The account the page is about, with its balance. */
  defaultSource: AccountChoice;
  /** Where both comboboxes search the customer's accounts (a page of results however many there are). */
  accountsUrl: string;
  token: string;
};

/**
 * Transfer credits: fill in, review a summary (checked with the same rules as the server), confirm. A token per
 * form makes a double click or a resubmission one transfer. Both accounts are picked in searchable lists loaded
 * from `accountsUrl` as the user types, so a customer with thousands of accounts gets a page of the same weight.
 */
export function TransferForm(props: Props) {
  const t = useTranslations();
  const form = useForm(transferAction, { token: props.token });
  const { state } = form;
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
      {/* New steps with each answer: back to editing, empty after a transfer, as sent after a refusal. */}
      <TransferSteps key={state.at ?? 0} form={form} {...props} />
    </div>
  );
}

function TransferSteps({ form, defaultSource, accountsUrl }: Props & { form: FormOf<typeof transferAction> }) {
  const t = useTranslations();
  const reader = useReader();
  const { state, formAction, formRef, token, errors, value } = form;
  const [step, setStep] = useState<"edit" | "review">("edit");
  // After a transfer the same two accounts stay chosen (data of the success), after a refusal what was sent.
  const [source, setSource] = useState(value("source") ?? state.result?.source ?? defaultSource.serviceName);
  const [sourceAccount, setSourceAccount] = useState<AccountChoice | null>(source === defaultSource.serviceName ? defaultSource : null);
  const [target, setTarget] = useState(() => {
    const chosen = value("target") ?? state.result?.target ?? "";
    return chosen !== source ? chosen : "";
  });
  const [targetAccount, setTargetAccount] = useState<AccountChoice | null>(null);
  const [amount, setAmount] = useState(value("amount") ?? "");
  const [reference, setReference] = useState(value("reference") ?? "");
  const [clientErrors, setClientErrors] = useState<Record<string, string[]>>({});
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (step === "review") heading.current?.focus();
  }, [step]);

  // With each answer (these steps mount again), the chosen accounts' balances are read again: a transfer moved them.
  useEffect(() => {
    const load = async (name: string, set: (choice: AccountChoice) => void) => {
      if (!name) return;
      const res = await fetch(`${accountsUrl}?${new URLSearchParams({ q: name })}`, { headers: { accept: "application/json" } });
      const found = res.ok ? ((await res.json()) as AccountChoice[]).find((c) => c.serviceName === name) : undefined;
      if (found) set(found);
    };
    if (state.at || source !== defaultSource.serviceName) void load(source, (c) => setSourceAccount((now) => now ?? c));
    void load(target, (c) => setTargetAccount((now) => now ?? c));
    // Once per mount: the accounts chosen when the answer came.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The domain's own checks and messages (lib/credits/transfer-rules.ts), before the server applies them again.
  function review(event: React.FormEvent) {
    event.preventDefault();
    const found: Record<string, string[]> = {};
    const refuse = (refusal: TransferRefusal) => {
      const { field, message } = describeRefusal(TRANSFER_REFUSALS, refusal, reader);
      found[field!] ??= [message];
    };
    const parsed = parseTransferAmount(amount);
    if (!target.trim()) found.target = [t("validation.chooseTarget")];
    else if (target === source) refuse({ code: "same_account" });
    if (!parsed.ok) refuse(parsed);
    else if (sourceAccount && parsed.value > credits(sourceAccount.balance)) {
      refuse({ code: "insufficient_credits", source, balance: credits(sourceAccount.balance), amount: parsed.value });
    }
    if (reference.trim().length > REFERENCE_MAX_LENGTH) refuse({ code: "reference_too_long", max: REFERENCE_MAX_LENGTH });
    setClientErrors(found);
    if (Object.keys(found).length === 0) setStep("review");
  }

  const errorsFor = (field: "source" | "target" | "amount" | "reference") => clientErrors[field] ?? errors(field);
  const parsedAmount = parseTransferAmount(amount);
  const amountValue = parsedAmount.ok ? parsedAmount.value : 0n;

  return (
    <div className="flex flex-col gap-4">
      {step === "edit" ? (
        <form ref={formRef} onSubmit={review} noValidate className="flex flex-col gap-4">
          <FormResult state={state} show="error" testId="transfer-error" />
          <AccountCombobox
            id="source"
            label={t("transfer.source")}
            hint={t("transfer.sourceHint")}
            value={source}
            endpoint={accountsUrl}
            onChange={(name, choice) => {
              setSource(name);
              setSourceAccount(choice);
              if (name && name === target) {
                setTarget("");
                setTargetAccount(null);
              }
            }}
            errors={errorsFor("source")}
          />
          <AccountCombobox
            id="target"
            label={t("transfer.target")}
            hint={t("transfer.targetHint")}
            value={target}
            endpoint={accountsUrl}
            exclude={source}
            onChange={(name, choice) => {
              setTarget(name);
              setTargetAccount(choice);
            }}
            errors={errorsFor("target")}
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
        <form action={formAction} className="flex flex-col gap-4" data-testid="transfer-review">
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
            <dd className="num font-semibold">{t("transfer.creditsValue", { value: creditsToNumber(amountValue) })}</dd>
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
