"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { CreditsAmount } from "@/components/credits";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { Field } from "@/components/ui/field";
import { FieldFrame } from "@/components/ui/field-frame";
import { SubmitButton } from "@/components/ui/submit-button";
import { credits, creditsToNumber, formatCredits } from "@/lib/credits";
import { countryName, priceRecipients, unratedByCountry } from "@/lib/sms/cost";
import { measureMessage, messageToSend } from "@/lib/sms/encoding";
import { formatPhoneForPeople, parseRecipients, whyInvalid } from "@/lib/sms/recipients";
import { recreditDue } from "@/lib/recredit-rules";
import type { FormState } from "@/lib/auth/action";
import { sendAction } from "./actions";
import { FormResult } from "@/components/ui/form-result";

/** Message with a live counter (encoding, characters, parts, left in the part) and a live cost per destination. */
export function SendForm({
  serviceName,
  subsidiary,
  homeCountry,
  rates,
  balance,
  locale,
  initialToken,
  recredit,
}: {
  serviceName: string;
  subsidiary: string;
  homeCountry: string;
  rates: Record<string, string>;
  balance: string;
  locale: string;
  /** The idempotency key of the first send (a resubmitted form sends nothing twice); a new one after each send. */
  initialToken: string;
  /** The account's automatic re-credit when it can run (on, valid mandate): what a send taking the balance to the threshold fires. */
  recredit: { amount: number; threshold: string; price: string } | null;
}) {
  const t = useTranslations("send");
  const [message, setMessage] = useState("");
  const [receivers, setReceivers] = useState("");
  const [token, setToken] = useState(initialToken);
  // Fill in, then review what will be spent (recipients, parts, credits, a re-credit it fires), then send.
  const [step, setStep] = useState<"edit" | "review">("edit");
  const reviewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (step === "review") reviewHeading.current?.focus();
  }, [step]);
  const [state, action] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await sendAction(previous, formData);
    setStep("edit");
    // Sent: clear what was sent, so a second click cannot send it again by mistake; the sender stays.
    if (next.ok) {
      setMessage("");
      setReceivers("");
      if (next.result?.nextToken) setToken(next.result.nextToken);
      // The server echoes values only on a refusal: the sender is kept from what this form just sent.
      return { ...next, values: { sender: String(formData.get("sender") ?? "") } };
    }
    return next;
  }, {});
  const [noStop, setNoStop] = useState(false);
  const text = messageToSend(message, { subsidiary, noStopClause: noStop });
  const m = measureMessage(text);

  // The same parsing and pricing as the server (lib/sms/recipients.ts, lib/sms/cost.ts).
  const rateMap = new Map(Object.entries(rates).map(([country, rate]) => [country, credits(rate)]));
  const priced = priceRecipients(parseRecipients(receivers, homeCountry), rateMap, m.parts);
  const { invalid, total } = priced;
  const receiverProblems = [
    // Each refused number with its reason (too short, unknown country code…).
    ...invalid.map((number) => t("invalidNumber", { number, reason: t(`invalidReason.${whyInvalid(number, homeCountry)}`) })),
    ...unratedByCountry(priced.unrated).map((g) => t("noRate", { country: countryName(g.country, locale), numbers: g.numbers.join(", ") })),
  ];
  const byCountry = new Map<string, { count: number; rate: bigint }>();
  for (const r of priced.recipients) {
    const entry = byCountry.get(r.country) ?? { count: 0, rate: r.rate };
    entry.count++;
    byCountry.set(r.country, entry);
  }
  const short = total > credits(balance);
  const after = credits(balance) - total;
  const firesRecredit = recredit !== null && priced.recipients.length > 0 && !short && recreditDue({ amount: recredit.amount, threshold: credits(recredit.threshold) }, after);
  // The Send button follows the recipients: it says what it will send, and waits until there is something to send.
  const sendable = priced.recipients.length > 0 && !short && !m.tooLong && message.trim() !== "";

  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="token" value={token} />
      <FormResult state={state} testId="send-done" errorTestId="send-error" />
      {/* Hidden, not unmounted, during the review: its fields are what the form sends. */}
      <div hidden={step === "review"} className="flex flex-col gap-4">
      <FieldFrame
        id="receivers"
        label={t("receivers")}
        hint={t("receiversHint")}
        errors={receiverProblems.length ? receiverProblems : state.ok === false && state.values?.receivers === receivers ? state.errors?.receivers : undefined}
      >
        {({ invalidClass, ...aria }) => (
          <textarea id="receivers" name="receivers" rows={3} value={receivers} onChange={(e) => setReceivers(e.target.value)} {...aria} className={`rounded-md border bg-white px-3 py-2 text-sm ${invalidClass}`} />
        )}
      </FieldFrame>
      <Field id="sender" name="sender" label={t("sender")} hint={t("senderHint")} aria-required defaultValue={state.values?.sender ?? ""} errors={state.ok === false ? state.errors?.sender : undefined} />
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
        errors={m.tooLong ? [t("tooLong")] : state.ok === false && state.values?.message === message ? state.errors?.message : undefined}
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
        {byCountry.size === 0 ? (
          <p className="mt-1 text-slate-600">{t("costEmpty")}</p>
        ) : (
          <dl className="mt-2 grid grid-cols-[1fr_auto] gap-x-6 gap-y-1" data-testid="cost">
            {[...byCountry].map(([country, e]) => (
              <div key={country} className="contents">
                <dt className="text-slate-600">{t("costLine", { count: e.count, country: countryName(country, locale), rate: formatCredits(e.rate, locale), parts: m.parts })}</dt>
                <dd className="num text-right">{formatCredits(e.rate * BigInt(e.count * m.parts), locale)}</dd>
              </div>
            ))}
            <dt className="font-semibold">{t("total")}</dt>
            <dd className="num text-right font-semibold" data-testid="cost-total">{formatCredits(total, locale)}</dd>
          </dl>
        )}
        {short ? (
          <p className="mt-2 text-red-700">{t("short", { missing: creditsToNumber(total - credits(balance)), balance: creditsToNumber(credits(balance)) })}</p>
        ) : null}
      </section>
      <Button type="button" className="self-start" disabled={!sendable} onClick={() => setStep("review")}>
        {sendable ? t("reviewAction", { count: priced.recipients.length, credits: creditsToNumber(total) }) : t("reviewActionEmpty")}
      </Button>
      </div>
      {step === "review" ? (
        <section aria-labelledby="send-review-title" className="flex flex-col gap-4" data-testid="send-review">
          <h3 id="send-review-title" ref={reviewHeading} tabIndex={-1} className="text-base font-semibold">{t("reviewTitle")}</h3>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-md border border-slate-200 bg-slate-50 p-4 text-sm">
            <dt className="text-slate-600">{t("reviewRecipients", { count: priced.recipients.length })}</dt>
            <dd className="num">
              {priced.recipients.slice(0, 5).map((r) => formatPhoneForPeople(r.e164)).join(", ")}
              {priced.recipients.length > 5 ? ` ${t("reviewMore", { count: priced.recipients.length - 5 })}` : null}
            </dd>
            <dt className="text-slate-600">{t("reviewParts")}</dt>
            <dd className="num">{t("reviewPartsValue", { parts: m.parts, encoding: m.encoding === "7bits" ? t("gsm") : t("unicode") })}</dd>
            <dt className="text-slate-600">{t("total")}</dt>
            <dd className="num font-semibold"><CreditsAmount value={total} /></dd>
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
