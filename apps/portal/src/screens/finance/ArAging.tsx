import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, dollars } from '../../api/client';
import { Problem } from '../../components/Field';
import { StackedBarChart } from './charts';
import { usePayerDirectory } from '../../api/payers';
import { Filters, Input, isoDay } from './common';

interface Bucket {
  label: string;
  cents: number;
  claims: number;
}
interface Aging {
  asOf: string;
  payers: Array<{ payerId: string; totalCents: number; claims: number; buckets: Bucket[] }>;
  patient: { totalCents: number; claims: number; buckets: Bucket[] };
  totals: { payerCents: number; patientCents: number; arCents: number };
}

const BUCKETS = ['0-30', '31-60', '61-90', '91-120', '120+'];

/** Finance: accounts receivable by payer in aging buckets (GET /remittance/ar-aging), as a chart. */
export function ArAging() {
  const [asOf, setAsOf] = useState(isoDay());
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(asOf);
  const url = `/remittance/ar-aging?asOf=${asOf}`;
  const q = useQuery({ queryKey: [url], queryFn: () => api<Aging>(url), enabled: ok });
  const directory = usePayerDirectory();
  const a = q.data;
  const parts = (b: Bucket[]) => BUCKETS.map((l) => b.find((x) => x.label === l)?.cents ?? 0);
  return (
    <>
      <h1>AR aging</h1>
      <Filters label="Aging date">
        <Input label="As of" type="date" value={asOf} onChange={setAsOf} />
      </Filters>
      <Problem error={q.error} />
      <section aria-busy={q.isFetching}>
        {a && (
          <>
            <dl className="facts">
              <div>
                <dt>Receivables</dt>
                <dd>{dollars(a.totals.arCents)}</dd>
              </div>
              <div>
                <dt>Owed by payers</dt>
                <dd>{dollars(a.totals.payerCents)}</dd>
              </div>
              <div>
                <dt>Owed by patients</dt>
                <dd>
                  {dollars(a.totals.patientCents)} ({a.patient.claims} claims)
                </dd>
              </div>
            </dl>
            <StackedBarChart
              title={`Receivables by payer, days since the date of service, as of ${a.asOf}`}
              series={BUCKETS.map((b) => `${b} days`)}
              format={dollars}
              empty="Nothing is owed as of this day."
              rows={[
                ...a.payers.map((p) => ({
                  label: `${directory.label(p.payerId)} (${p.claims})`,
                  parts: parts(p.buckets),
                })),
                ...(a.patient.totalCents !== 0
                  ? [{ label: `Patients (${a.patient.claims})`, parts: parts(a.patient.buckets) }]
                  : []),
              ]}
            />
          </>
        )}
      </section>
    </>
  );
}
