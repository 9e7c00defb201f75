/**
 * "API": the exact request as curl, `reelgate/client` and `openai` SDK code, the JSON response
 * and the timings (queued, generating, saving), so developers can wire the same call into an app.
 */
import { type KeyboardEvent, useId, useState } from 'react';
import type { SeenTimes } from '../api/live.ts';
import type { Generation } from '../api/types.ts';
import { formatSeconds } from '../lib/format.ts';
import { type ApiRequest, snippets } from '../lib/snippets.ts';

type Tab = 'curl' | 'client' | 'openai' | 'response' | 'timings';

export function ApiPanel({
  request,
  baseUrl,
  generation,
  seen,
}: {
  request: ApiRequest | undefined;
  baseUrl: string;
  generation?: Generation | undefined;
  seen?: SeenTimes | undefined;
}) {
  const ids = useId();
  const code = request ? snippets(request, baseUrl) : undefined;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'curl', label: 'curl' },
    { id: 'client', label: 'reelgate/client' },
    ...(code?.openai ? [{ id: 'openai' as const, label: 'openai SDK' }] : []),
    { id: 'response', label: 'Response' },
    { id: 'timings', label: 'Timings' },
  ];
  const [selected, setSelected] = useState<Tab>('curl');
  const current = tabs.some((tab) => tab.id === selected) ? selected : 'curl';

  function onKey(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = tabs.findIndex((tab) => tab.id === current);
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    setSelected(next.id);
    document.getElementById(`${ids}-tab-${next.id}`)?.focus();
    event.preventDefault();
  }

  const text =
    current === 'curl'
      ? code?.curl
      : current === 'client'
        ? code?.client
        : current === 'openai'
          ? code?.openai
          : current === 'response'
            ? generation
              ? JSON.stringify(generation, null, 2)
              : undefined
            : undefined;

  return (
    <section className="api-panel card" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>API</h2>
      <div className="tablist" role="tablist" aria-label="The request as code" onKeyDown={onKey}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${ids}-tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`${ids}-panel`}
            tabIndex={tab.id === current ? 0 : -1}
            className="tab-button"
            onClick={() => setSelected(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div
        id={`${ids}-panel`}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-${current}`}
        className="tab-panel"
      >
        {current === 'timings' ? (
          <Timings generation={generation} seen={seen ?? {}} />
        ) : text ? (
          <>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable code box must be reachable by keyboard */}
            <pre className="code" tabIndex={0}>
              <code>{text}</code>
            </pre>
            <CopyButton text={text} />
          </>
        ) : (
          <p className="muted small">
            {current === 'response'
              ? 'The JSON answer appears here once you generate.'
              : 'Write a prompt to see the request.'}
          </p>
        )}
      </div>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small"
      onClick={() =>
        void navigator.clipboard?.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** Queued → generating → saving, from what this browser saw (and the server's timestamps). */
function Timings({ generation, seen }: { generation: Generation | undefined; seen: SeenTimes }) {
  if (!generation) return <p className="muted small">Timings appear once a video is under way.</p>;
  const created = generation.created_at * 1000;
  const running = seen.running;
  const saving = seen.downloading;
  const finished = generation.completed_at ? generation.completed_at * 1000 : undefined;
  const rows: { label: string; ms: number | undefined }[] = [
    { label: 'Queued', ms: running !== undefined ? running - created : undefined },
    {
      label: 'Generating',
      ms: running !== undefined ? (saving ?? finished ?? Date.now()) - running : undefined,
    },
    { label: 'Saving', ms: saving !== undefined && finished !== undefined ? finished - saving : undefined },
    { label: 'Total', ms: finished !== undefined ? finished - created : undefined },
  ];
  return (
    <>
      <table className="table timings">
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="num">
                {row.ms === undefined ? '—' : formatSeconds(Math.max(0, row.ms) / 1000)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Stages as this browser saw them; the total is the server's.</p>
    </>
  );
}
