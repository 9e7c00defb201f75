/**
 * Assets: upload a character, object or style reference once, then pick it in Create and per
 * shot in the storyboard so it looks the same in every video. List with thumbnails, delete.
 */
import { type FormEvent, useId, useRef, useState } from 'react';
import { describeError } from '../api/errors.ts';
import { type Asset, assetKinds, useAssetImage, useAssets } from '../lib/assets.ts';
import { useStudio } from '../studio-context.ts';
import { ConfirmDialog } from './ConfirmDialog.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';

type Kind = (typeof assetKinds)[number]['value'];

export function AssetsView() {
  const { api } = useStudio();
  const ids = useId();
  const { store, state } = useAssets(api);
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('character');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [status, setStatus] = useState('');
  const [deleting, setDeleting] = useState<Asset | undefined>(undefined);
  const [deleteBusy, setDeleteBusy] = useState(false);

  if (!api.canAssets) {
    return (
      <section aria-labelledby={`${ids}-title`}>
        <h1 id={`${ids}-title`}>Assets</h1>
        <p className="notice" role="status">
          This server does not offer assets.
        </p>
      </section>
    );
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    if (!file || !name.trim()) return;
    setBusy(true);
    setError(undefined);
    setStatus('');
    try {
      const asset = await store.create({
        kind,
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        file,
        fileName: file.name,
      });
      setStatus(`Added ${asset.name}.`);
      setName('');
      setDescription('');
      setFile(undefined);
      if (fileInput.current) fileInput.current.value = '';
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function confirmDelete() {
    if (!deleting) return;
    setDeleteBusy(true);
    try {
      await store.remove(deleting.id);
      setStatus(`Deleted ${deleting.name}.`);
      setDeleting(undefined);
    } catch (caught) {
      setError(caught);
      setDeleting(undefined);
    } finally {
      setDeleteBusy(false);
    }
  }

  const errorInfo = error === undefined ? undefined : describeError(error);
  return (
    <section aria-labelledby={`${ids}-title`} className="assets-screen">
      <h1 id={`${ids}-title`}>Assets</h1>
      <p className="muted">
        Upload a character, object or style once and pick it when you create a video or per storyboard shot,
        so it stays the same from shot to shot. Models that cannot take reference images say so in the
        estimate, before you pay.
      </p>
      <form className="card asset-upload" onSubmit={upload} noValidate>
        <h2>Add an asset</h2>
        <div className="asset-upload-fields">
          <div className="field">
            <label htmlFor={`${ids}-file`}>Image (PNG, JPEG or WebP, up to 10 MB)</label>
            <input
              ref={fileInput}
              id={`${ids}-file`}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(event) => {
                const chosen = event.target.files?.[0];
                setFile(chosen);
                if (chosen && !name.trim()) setName(chosen.name.replace(/\.[^.]+$/, '').slice(0, 100));
              }}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              type="text"
              maxLength={100}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="Mira, the lighthouse keeper"
              aria-invalid={errorInfo?.code === 'input_refused' ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-kind`}>Kind</label>
            <select id={`${ids}-kind`} value={kind} onChange={(event) => setKind(event.target.value as Kind)}>
              {assetKinds.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-description`}>Notes (optional)</label>
            <input
              id={`${ids}-description`}
              type="text"
              maxLength={1000}
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              placeholder="red coat, short grey hair"
            />
          </div>
        </div>
        {errorInfo && <ErrorNotice error={errorInfo} />}
        <div className="row wrap">
          <button type="submit" className="btn btn-primary" disabled={!file || !name.trim() || busy}>
            {busy ? 'Uploading…' : 'Add asset'}
          </button>
          <span className="muted small" role="status">
            {status}
          </span>
        </div>
      </form>
      <h2 id={`${ids}-list`}>Your assets</h2>
      {state.state === 'loading' && <p className="muted">Loading…</p>}
      {state.state === 'error' && <ErrorNotice error={describeError(state.error)} />}
      {state.state === 'ready' && state.assets.length === 0 && (
        <p className="empty muted">No assets yet. Add one above.</p>
      )}
      {state.state === 'ready' && state.assets.length > 0 && (
        <ul className="asset-grid" aria-labelledby={`${ids}-list`}>
          {state.assets.map((asset) => (
            <li key={asset.id}>
              <AssetTile asset={asset} onDelete={() => setDeleting(asset)} />
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={`Delete ${deleting?.name ?? 'this asset'}?`}
        confirmLabel="Delete asset"
        busy={deleteBusy}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(undefined)}
      >
        <p>Videos already made with it keep it. New videos can no longer use it.</p>
      </ConfirmDialog>
    </section>
  );
}

function AssetTile({ asset, onDelete }: { asset: Asset; onDelete: () => void }) {
  const { api } = useStudio();
  const image = useAssetImage(api, asset.id);
  return (
    <article className="card asset-tile" aria-label={asset.name}>
      <div className="asset-tile-image">{image ? <img src={image} alt={asset.name} /> : null}</div>
      <div className="asset-tile-body">
        <h3 className="asset-tile-name">{asset.name}</h3>
        <p className="muted small">
          {assetKinds.find((kind) => kind.value === asset.kind)?.label ?? asset.kind} · {asset.width}×
          {asset.height}
        </p>
        {asset.description && <p className="small">{asset.description}</p>}
        <p className="small mono-id">{asset.id}</p>
        <button
          type="button"
          className="btn btn-danger-ghost btn-small"
          onClick={onDelete}
          aria-label={`Delete ${asset.name}`}
        >
          Delete
        </button>
      </div>
    </article>
  );
}
