/** Cost before paying: an inline panel with the estimate and a confirm button naming the price. */
import { useId } from 'react';
import type { EstimateParams } from '../../../src/client/index.ts';
import { formatMoney } from '../lib/format.ts';
import { shownEstimate, useEstimate } from '../lib/hooks.ts';
import { policyView } from '../lib/policy.ts';
import { useStudio } from '../studio-context.ts';
import { EstimatePanel } from './EstimatePanel.tsx';

export function CostConfirm({
  title,
  params,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  params: EstimateParams;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { api } = useStudio();
  const ids = useId();
  const state = useEstimate(api, params);
  const estimate = shownEstimate(state);
  const prompt = params.prompt ?? params.shots?.map((shot) => shot.prompt).join('\n\n') ?? '';
  const refused = estimate ? policyView(estimate.policy, prompt) !== undefined : false;
  const waiting = api.canEstimate && !estimate && state.state !== 'error';
  return (
    <section className="cost-confirm" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="cost-confirm-title">
        {title}
      </h2>
      <EstimatePanel state={state} prompt={prompt} label="This will cost" />
      <div className="row wrap">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy || waiting || refused}
          onClick={onConfirm}
        >
          {busy
            ? 'Starting…'
            : estimate
              ? `${confirmLabel} · ${formatMoney(estimate.total_usd, estimate.currency)}`
              : confirmLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Not now
        </button>
      </div>
    </section>
  );
}
