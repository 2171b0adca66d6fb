"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { FieldFrame } from "@/components/ui/field-frame";
import { FormResult } from "@/components/ui/form-result";
import { SubmitButton } from "@/components/ui/submit-button";
import { useForm, type FormOf } from "@/components/ui/use-form";
import { credits, creditsToNumber, formatCredits } from "@/lib/credits";
import { countryName, unratedByCountry } from "@/lib/sms/cost";
import { costByCountry, estimateSend } from "@/lib/sms/estimate";
import type { Subsidiary } from "@/lib/subsidiaries";
import { sendAction } from "./actions";

type Props = {
  serviceName: string;
  subsidiary: Subsidiary;
  rates: Record<string, string>;
  balance: string;
  locale: string;
  /** The idempotency token of the first send (a resubmitted form sends nothing twice). */
  token: string;
};

/** Message with a live counter (encoding, characters, parts, left in the part) and a live cost per destination. */
export function SendForm(props: Props) {
  const form = useForm(sendAction, { token: props.token });
  // A new set of fields with each answer: empty after a send (a second click cannot send it again), as sent after a refusal.
  return <SendFields key={form.state.at ?? 0} form={form} {...props} />;
}

function SendFields({ form, serviceName, subsidiary, rates, balance, locale }: Props & { form: FormOf<typeof sendAction> }) {
  const t = useTranslations("send");
  const { state, formAction, formRef, token, errors, value } = form;
  const [message, setMessage] = useState(value("message") ?? "");
  const [receivers, setReceivers] = useState(value("receivers") ?? "");
  const [noStop, setNoStop] = useState(value("noStopClause") === "on");

  // The same estimate the server charges (lib/sms/estimate.ts).
  const estimate = estimateSend(new Map(Object.entries(rates).map(([country, rate]) => [country, credits(rate)])), {
    subsidiary,
    message,
    receivers,
    noStopClause: noStop,
  });
  const m = estimate.measure;
  const receiverProblems = [
    ...(estimate.invalid.length ? [t("invalidNumbers", { numbers: estimate.invalid.join(", ") })] : []),
    ...unratedByCountry(estimate.unrated).map((g) => t("noRate", { country: countryName(g.country, locale), numbers: g.numbers.join(", ") })),
  ];
  const lines = costByCountry(estimate);
  const short = estimate.total > credits(balance);

  return (
    <form ref={formRef} action={formAction} className="flex flex-col gap-4">
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="token" value={token} />
      <FormResult state={state} testId="send-done" errorTestId="send-error" />
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
      <Field id="sender" name="sender" label={t("sender")} hint={t("senderHint")} aria-required defaultValue={value("sender") ?? state.result?.sender ?? ""} errors={errors("sender")} />
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
      <SubmitButton pendingLabel={t("sending")} className="self-start">{t("submit")}</SubmitButton>
    </form>
  );
}
