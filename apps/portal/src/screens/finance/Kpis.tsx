import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { BarChart, Kpi, LineChart } from './charts';
import { usePayerDirectory } from '../../api/payers';
import { Filters, Input, isoDay, percent } from './common';

interface Kpis {
  from: string;
  to: string;
  claimsBilled: number;
  chargesCents: number;
  cleanClaimRate: number | null;
  claimsAdjudicated: number;
  firstPassPaymentRate: number | null;
  denialRate: number | null;
  deniedByCarc: Array<{ carc: string; description: string; postings: number; deniedCents: number }>;
  deniedByPayer: Array<{ payerId: string; postings: number; denied: number; denialRate: number }>;
  paidCents: number;
  netCollectionRate: number | null;
  arCents: number;
  daysInAr: number | null;
  collections: Array<{ date: string; paidCents: number }>;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

/**
 * Finance: the measures of the revenue cycle over a window (GET /remittance/kpis), plotted. The
 * default window reaches 30 days ahead so that EFTs dated after their 835 arrived are counted.
 */
export function KpiDashboard() {
  const [from, setFrom] = useState(isoDay(-90));
  const [to, setTo] = useState(isoDay(30));
  const ok = isDate(from) && isDate(to);
  const url = `/remittance/kpis?from=${from}&to=${to}`;
  const q = useQuery({ queryKey: [url], queryFn: () => api<Kpis>(url), enabled: ok });
  const k = q.data;
  const directory = usePayerDirectory();
  return (
    <>
      <h1>Revenue cycle KPIs</h1>
      <Filters label="KPI window">
        <Input label="From" type="date" value={from} onChange={setFrom} />
        <Input label="To" type="date" value={to} onChange={setTo} />
      </Filters>
      <Problem error={q.error} />
      <section aria-busy={q.isFetching}>
        {k && (
          <>
            <dl className="kpis">
              <Kpi
                label="Clean-claim rate"
                value={percent(k.cleanClaimRate)}
                detail={`of ${k.claimsBilled} claims billed`}
              />
              <Kpi
                label="First-pass payment rate"
                value={percent(k.firstPassPaymentRate)}
                detail={`of ${k.claimsAdjudicated} adjudicated`}
              />
              <Kpi
                label="Denial rate"
                value={percent(k.denialRate)}
                detail="postings denying a claim or a line"
              />
              <Kpi
                label="Days in AR"
                value={k.daysInAr === null ? '—' : String(k.daysInAr)}
                detail={`${dollars(k.arCents)} open`}
              />
              <Kpi
                label="Net collection rate"
                value={percent(k.netCollectionRate)}
                detail={`${dollars(k.paidCents)} paid`}
              />
              <Kpi label="Charges billed" value={dollars(k.chargesCents)} detail={`${k.from} to ${k.to}`} />
            </dl>
            <div className="charts">
              <BarChart
                title="Denials by reason (CARC): postings"
                valueHeader="Postings"
                empty="No denials in this window."
                data={k.deniedByCarc.map((c) => ({
                  label: `${c.carc} ${c.description}`,
                  value: c.postings,
                  text: `${c.postings} (${dollars(c.deniedCents)})`,
                }))}
              />
              <BarChart
                title="Denial rate by payer"
                valueHeader="Denial rate"
                empty="No postings in this window."
                max={1}
                data={k.deniedByPayer.map((p) => ({
                  label: directory.label(p.payerId),
                  value: p.denialRate,
                  text: `${percent(p.denialRate)} (${p.denied} of ${p.postings})`,
                }))}
              />
              <LineChart
                title="Collections per payment date (BPR02)"
                valueHeader="Collected"
                format={dollars}
                empty="No payments dated in this window."
                points={k.collections.map((c) => ({ x: c.date, y: c.paidCents }))}
              />
            </div>
          </>
        )}
      </section>
    </>
  );
}
