"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FieldFrame } from "@/components/ui/field-frame";
import { SubmitButton } from "@/components/ui/submit-button";
import { credits, creditsToNumber, formatCredits } from "@/lib/credits";
import { countryName, priceRecipients, unratedByCountry } from "@/lib/sms/cost";
import { measureMessage, messageToSend } from "@/lib/sms/encoding";
import { parseRecipients } from "@/lib/sms/recipients";
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
}: {
  serviceName: string;
  subsidiary: string;
  homeCountry: string;
  rates: Record<string, string>;
  balance: string;
  locale: string;
  /** The idempotency key of the first send (a resubmitted form sends nothing twice); a new one after each send. */
  initialToken: string;
}) {
  const t = useTranslations("send");
  const [message, setMessage] = useState("");
  const [receivers, setReceivers] = useState("");
  const [token, setToken] = useState(initialToken);
  const [state, action] = useActionState(async (previous: FormState, formData: FormData) => {
    const next = await sendAction(previous, formData);
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
    ...(invalid.length ? [t("invalidNumbers", { numbers: invalid.join(", ") })] : []),
    ...unratedByCountry(priced.unrated).map((g) => t("noRate", { country: countryName(g.country, locale), numbers: g.numbers.join(", ") })),
  ];
  const byCountry = new Map<string, { count: number; rate: bigint }>();
  for (const r of priced.recipients) {
    const entry = byCountry.get(r.country) ?? { count: 0, rate: r.rate };
    entry.count++;
    byCountry.set(r.country, entry);
  }
  const short = total > credits(balance);

  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="serviceName" value={serviceName} />
      <input type="hidden" name="token" value={token} />
      <FormResult state={state} testId="send-done" errorTestId="send-error" />
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
      <SubmitButton pendingLabel={t("sending")} className="self-start">{t("submit")}</SubmitButton>
    </form>
  );
}
