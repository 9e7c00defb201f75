/** Small display helpers. */

export function formatMoney(amount: number | null | undefined, currency = 'USD'): string {
  if (amount === null || amount === undefined) return '—';
  const digits = amount !== 0 && Math.abs(amount) < 0.1 ? 3 : 2;
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

/** "about 12 s left", from a Unix-seconds ETA. */
export function formatEta(etaSeconds: number | null, nowMs: number): string | undefined {
  if (etaSeconds === null) return undefined;
  const left = etaSeconds - nowMs / 1000;
  if (left <= 1) return 'finishing…';
  return `about ${formatSeconds(Math.ceil(left))} left`;
}

export function formatWhen(unixSeconds: number, nowMs: number): string {
  const ago = nowMs / 1000 - unixSeconds;
  if (ago < 45) return 'just now';
  if (ago < 3600) return `${Math.round(ago / 60)} min ago`;
  if (ago < 86_400) return `${Math.round(ago / 3600)} h ago`;
  return new Date(unixSeconds * 1000).toLocaleDateString();
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const statusLabel: Record<string, string> = {
  queued: 'Queued',
  running: 'Generating',
  downloading: 'Saving',
  completed: 'Ready',
  failed: 'Failed',
  canceled: 'Canceled',
  expired: 'Expired',
};

/** A video's title: its prompt, or for a storyboard its first shot and the number of shots. */
export function titleOf(generation: {
  prompt: string;
  requested: { surface: string };
  plan?: { kind: string } | undefined;
}): string {
  if (generation.plan?.kind === 'storyboard' || generation.requested.surface === 'storyboard') {
    const shots = generation.prompt.split(/\n\s*\n/).filter((shot) => shot.trim());
    const first = shots[0]?.trim() ?? generation.prompt;
    return shots.length > 1 ? `Storyboard · ${shots.length} shots: ${first}` : first;
  }
  return generation.prompt;
}

export function clip(text: string, max = 140): string {
  return text.length > max ? `${text.slice(0, max).trimEnd()}…` : text;
}
