"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { CreditsAmount } from "@/components/credits";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FieldFrame } from "@/components/ui/field-frame";
import { FormResult } from "@/components/ui/form-result";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm, type FormOf } from "@/components/ui/use-form";
import { credits, creditsToNumber, formatCredits } from "@/lib/credits/amounts";
import { recreditDue } from "@/lib/recredit/rules";
import { countryName, unratedByCountry } from "@/lib/sms/cost";
import { costByCountry, estimateSend } from "@/lib/sms/estimate";
import { formatPhoneForPeople, whyInvalid } from "@/lib/sms/recipients";
import { SUBSIDIARY_INFO, type Subsidiary } from "@/lib/billing/subsidiaries";
import { sendAction } from "./actions";

type Props = {
  serviceName: string;
  subsidiary: Subsidiary;
  rates: Record<string, string>;
  balance: string;
  locale: string;
  /** The idempotency token of the first send (a resubmitted form sends nothing twice). */
  token: string;
  /** The account's automatic re-credit when it can run (on, valid mandate): what a send taking the balance to the threshold fires. */
  recredit: { amount: number; threshold: string; price: string } | null;
};

/**
 * Message with a live counter (encoding, characters, parts, left in the part) and a live cost per destination.
 * Fill in, then review what will be spent (recipients, parts, credits, a re-credit it fires), then send.
 */
export function SendForm(props: Props) {
  const form = useForm(sendAction, { token: props.token });
  // A new set of fields with each answer: back to editing, empty after a send (a second click cannot send it
  // again), as sent after a refusal.
  return <SendFields key={form.state.at ?? 0} form={form} {...props} />;
}

function SendFields({ form, serviceName, subsidiary, rates, balance, locale, recredit }: Props & { form: FormOf<typeof sendAction> }) {
  const t = useTranslations("send");
  const { state, formAction, formRef, token, errors, value, field } = form;
  const [message, setMessage] = useState(value("message") ?? "");
  const [receivers, setReceivers] = useState(value("receivers") ?? "");
  const [noStop, setNoStop] = useState(value("noStopClause") === "on");
  const [step, setStep] = useState<"edit" | "review">("edit");
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step === "review") reviewHeading.current?.focus();
  }, [step]);

  // The same estimate the server charges (lib/sms/estimate.ts).
  const estimate = estimateSend(new Map(Object.entries(rates).map(([country, rate]) => [country, credits(rate)])), {
    subsidiary,
    message,
    receivers,
    noStopClause: noStop,
  });
  const m = estimate.measure;
  const homeCountry = SUBSIDIARY_INFO[subsidiary].homeDestination;
  const receiverProblems = [
    // Each refused number with its reason (too short, unknown country code…).
    ...estimate.invalid.map((number) => t("invalidNumber", { number, reason: t(`invalidReason.${whyInvalid(number, homeCountry)}`) })),
    ...unratedByCountry(estimate.unrated).map((g) => t("noRate", { country: countryName(g.country, locale), numbers: g.numbers.join(", ") })),
  ];
  const lines = costByCountry(estimate);
  const recipients = estimate.recipients;
  const short = estimate.total > credits(balance);
  const after = credits(balance) - estimate.total;
  const firesRecredit = recredit !== null && recipients.length > 0 && !short && recreditDue({ amount: recredit.amount, threshold: credits(recredit.threshold) }, after);
  // The review button follows the recipients: it says what it will send, and waits until there is something to send.
  const sendable = recipients.length > 0 && !short && !m.tooLong && message.trim() !== "";

  return (
    <form
      ref={formRef}
      action={formAction}
      // Enter in a field reviews first: nothing is spent without the review step.
      onSubmit={(e) => {
        if (step === "review") return;
        e.preventDefault();
        if (sendable) setStep("review");
      }}
      className="flex flex-col gap-4"
    >
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="token" value={token} />
      <FormResult state={state} testId="send-done" errorTestId="send-error" />
      {/* Hidden, not unmounted, during the review: its fields are what the form sends. */}
      <div hidden={step === "review"} className="flex flex-col gap-4">
        <FieldFrame
          id="receivers"
          label={t("receivers")}
          hint={t("receiversHint")}
          // The server's refusal stays under the field until the field changes.
          errors={receiverProblems.length ? receiverProblems : value("receivers") === receivers ? errors("receivers") : undefined}
        >
          {({ invalidClass, ...aria }) => (
            <textarea id="receivers" name="receivers" rows={3} value={receivers} onChange={(e) => setReceivers(e.target.value)} {...aria} className={`rounded-md border bg-white px-3 py-2 text-sm ${invalidClass}`} />
          )}
        </FieldFrame>
        <Field id="sender" {...field("sender", state.result?.sender ?? "")} label={t("sender")} hint={t("senderHint")} aria-required />
        <FieldFrame
          id="message"
          label={t("message")}
          hintTestId="counter"
          hint={t("counter", {
            encoding: m.encoding === "7bits" ? t("gsm") : t("unicode"),
            characters: m.characters,
            parts: m.parts,
            left: m.remainingInPart,
          })}
          errors={m.tooLong ? [t("tooLong")] : value("message") === message ? errors("message") : undefined}
        >
          {({ invalidClass, ...aria }) => (
            <textarea id="message" name="message" rows={5} value={message} onChange={(e) => setMessage(e.target.value)} {...aria} className={`rounded-md border bg-white px-3 py-2 text-sm ${invalidClass}`} />
          )}
        </FieldFrame>
        {m.parts > 1 && !m.tooLong ? (
          // Where each part ends, as carriers cut the message: a € or an emoji at a boundary starts the next part.
          <p className="num -mt-3 text-xs text-slate-600" data-testid="part-lengths">
            {t("partLengths", { lengths: m.segments.map((s) => s.characters).join(" · ") })}
          </p>
        ) : null}
        {subsidiary === "FR" ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="noStopClause" checked={noStop} onChange={(e) => setNoStop(e.target.checked)} className="mt-1 size-4" />
            <span>{t("noStopClause")}</span>
          </label>
        ) : null}
        <section aria-labelledby="cost-title" className="rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
          <h3 id="cost-title" className="font-semibold">{t("cost")}</h3>
          {lines.length === 0 ? (
            <p className="mt-1 text-slate-600">{t("costEmpty")}</p>
          ) : (
            <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-6 gap-y-1" data-testid="cost">
              {lines.map((line) => (
                <div key={line.country} className="contents">
                  <dt className="text-slate-600">{t("costLine", { count: line.count, country: countryName(line.country, locale), rate: formatCredits(line.rate, locale), parts: m.parts })}</dt>
                  <dd className="num text-right">{formatCredits(line.cost, locale)}</dd>
                </div>
              ))}
              <dt className="font-semibold">{t("total")}</dt>
              <dd className="num text-right font-semibold" data-testid="cost-total">{formatCredits(estimate.total, locale)}</dd>
            </dl>
          )}
          {short ? (
            <p className="mt-2 text-red-700">{t("short", { missing: creditsToNumber(estimate.total - credits(balance)), balance: creditsToNumber(credits(balance)) })}</p>
          ) : null}
        </section>
        <Button type="button" className="self-start" disabled={!sendable} onClick={() => setStep("review")}>
          {sendable ? t("reviewAction", { count: recipients.length, credits: creditsToNumber(estimate.total) }) : t("reviewActionEmpty")}
        </Button>
      </div>
      {step === "review" ? (
        <section aria-labelledby="send-review-title" className="flex flex-col gap-4" data-testid="send-review">
          <h3 id="send-review-title" ref={reviewHeading} tabIndex={-1} className="text-base font-semibold">{t("reviewTitle")}</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
            <dt className="text-slate-600">{t("reviewRecipients", { count: recipients.length })}</dt>
            <dd className="num">
              {recipients.slice(0, 5).map((r) => formatPhoneForPeople(r.e164)).join(", ")}
              {recipients.length > 5 ? ` ${t("reviewMore", { count: recipients.length - 5 })}` : null}
            </dd>
            <dt className="text-slate-600">{t("reviewParts")}</dt>
            <dd className="num">{t("reviewPartsValue", { parts: m.parts, encoding: m.encoding === "7bits" ? t("gsm") : t("unicode") })}</dd>
            <dt className="text-slate-600">{t("total")}</dt>
            <dd className="num font-semibold"><CreditsAmount value={estimate.total} /></dd>
            <dt className="text-slate-600">{t("reviewBalance")}</dt>
            <dd className="num">{t("reviewBalanceValue", { before: creditsToNumber(credits(balance)), after: creditsToNumber(after) })}</dd>
          </dl>
          {firesRecredit && recredit ? (
            <Notice tone="warning" testId="send-review-recredit">
              {t("reviewRecredit", { threshold: creditsToNumber(credits(recredit.threshold)), amount: recredit.amount, price: recredit.price })}
            </Notice>
          ) : null}
          <p className="text-sm text-slate-600">{t("reviewNote")}</p>
          <div className="flex flex-wrap gap-2">
            <SubmitButton pendingLabel={t("sending")}>{t("submit")}</SubmitButton>
            <Button type="button" variant="ghost" onClick={() => setStep("edit")}>{t("reviewChange")}</Button>
          </div>
        </section>
      ) : null}
    </form>
  );
}
