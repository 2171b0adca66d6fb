"use client";

import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { credits, formatCredits } from "@/lib/credits";
import { measureMessage, messageToSend } from "@/lib/sms/encoding";
import { sendAction } from "./actions";

/** Message with a live counter (encoding, characters, parts, left in the part) and a live cost per destination. */
export function SendForm({
  serviceName,
  subsidiary,
  homeCountry,
  rates,
  balance,
  locale,
}: {
  serviceName: string;
  subsidiary: string;
  homeCountry: string;
  rates: Record<string, string>;
  balance: string;
  locale: string;
}) {
  const t = useTranslations("send");
  const [state, action] = useActionState(sendAction, {});
  const v = state.ok ? {} : (state.values ?? {});
  const [message, setMessage] = useState(v.message ?? "");
  const [receivers, setReceivers] = useState(v.receivers ?? "");
  const [noStop, setNoStop] = useState(false);
  const text = messageToSend(message, { subsidiary, noStopClause: noStop });
  const m = measureMessage(text);
  const names = new Intl.DisplayNames([locale], { type: "region" });

  const byCountry = new Map<string, { count: number; rate: bigint }>();
  const invalid: string[] = [];
  const seen = new Set<string>();
  for (const raw of receivers.split(/[\n,;]+/).map((s) => s.trim()).filter(Boolean)) {
    const phone = parsePhoneNumberFromString(raw, homeCountry as CountryCode);
    const rate = phone?.country ? rates[phone.country] : undefined;
    if (!phone || !phone.isValid() || !phone.country || rate === undefined) {
      invalid.push(raw);
      continue;
    }
    if (seen.has(phone.number)) continue;
    seen.add(phone.number);
    const entry = byCountry.get(phone.country) ?? { count: 0, rate: credits(rate) };
    entry.count++;
    byCountry.set(phone.country, entry);
  }
  const total = [...byCountry.values()].reduce((sum, e) => sum + e.rate * BigInt(e.count * m.parts), 0n);
  const short = total > credits(balance);

  return (
    <form action={action} className="flex flex-col gap-4" key={state.ok ? state.at : "send"}>
      <input type="hidden" name="serviceName" value={serviceName} />
      {state.message ? (
        <Notice tone={state.ok ? "success" : "danger"} live testId={state.ok ? "send-done" : "send-error"}>
          {state.message}
        </Notice>
      ) : null}
      <div className="flex flex-col gap-1">
        <label htmlFor="receivers" className="text-sm font-medium">{t("receivers")}</label>
        <textarea
          id="receivers"
          name="receivers"
          rows={3}
          value={receivers}
          onChange={(e) => setReceivers(e.target.value)}
          aria-describedby="receivers-hint receivers-error"
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        />
        <p id="receivers-hint" className="text-xs text-slate-600">{t("receiversHint")}</p>
        <div id="receivers-error" aria-live="polite" className="text-sm text-red-700">
          {invalid.length ? t("invalidNumbers", { numbers: invalid.join(", ") }) : state.ok === false ? state.errors?.receivers?.[0] : null}
        </div>
      </div>
      <Field id="sender" name="sender" label={t("sender")} hint={t("senderHint")} defaultValue={v.sender ?? ""} errors={state.ok === false ? state.errors?.sender : undefined} />
      <div className="flex flex-col gap-1">
        <label htmlFor="message" className="text-sm font-medium">{t("message")}</label>
        <textarea
          id="message"
          name="message"
          rows={5}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          aria-describedby="message-counter message-error"
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        />
        <p id="message-counter" className="num text-xs text-slate-600" data-testid="counter" aria-live="polite">
          {t("counter", {
            encoding: m.encoding === "7bits" ? t("gsm") : t("unicode"),
            characters: m.characters,
            parts: m.parts,
            left: m.remainingInPart,
          })}
        </p>
        {m.tooLong ? <p className="text-sm text-red-700">{t("tooLong")}</p> : null}
        <div id="message-error" aria-live="polite" className="text-sm text-red-700">{state.ok === false ? state.errors?.message?.[0] : null}</div>
      </div>
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
                <dt className="text-slate-600">{t("costLine", { count: e.count, country: names.of(country) ?? country, rate: formatCredits(e.rate, locale), parts: m.parts })}</dt>
                <dd className="num text-right">{formatCredits(e.rate * BigInt(e.count * m.parts), locale)}</dd>
              </div>
            ))}
            <dt className="font-semibold">{t("total")}</dt>
            <dd className="num text-right font-semibold" data-testid="cost-total">{formatCredits(total, locale)}</dd>
          </dl>
        )}
        {short ? (
          <p className="mt-2 text-red-700">{t("short", { missing: formatCredits(total - credits(balance), locale), balance: formatCredits(credits(balance), locale) })}</p>
        ) : null}
      </section>
      <SubmitButton pendingLabel={t("sending")} className="self-start">{t("submit")}</SubmitButton>
    </form>
  );
}
