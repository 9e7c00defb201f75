/**
 * Pick assets (characters, objects, styles) for a video or one storyboard shot: a group of
 * checkboxes with thumbnails. Nothing shows when the server has no assets or the account none.
 */
import { useId } from 'react';
import { type Asset, useAssetImage, useAssets } from '../lib/assets.ts';
import { useStudio } from '../studio-context.ts';

export function AssetPicker({
  legend,
  selected,
  onChange,
}: {
  legend: string;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const { api } = useStudio();
  if (!api.canAssets) return null;
  return <Picker legend={legend} selected={selected} onChange={onChange} />;
}

function Picker({
  legend,
  selected,
  onChange,
}: {
  legend: string;
  selected: readonly string[];
  onChange: (ids: string[]) => void;
}) {
  const { api } = useStudio();
  const { state } = useAssets(api);
  const ids = useId();
  if (state.state !== 'ready') return null;
  const assets = state.assets;
  if (assets.length === 0) {
    return (
      <p className="help asset-picker-empty">
        Keep a character or object the same across videos: <a href="#/assets">add an asset</a>.
      </p>
    );
  }
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...selected.filter((item) => item !== id), id] : selected.filter((item) => item !== id));
  return (
    <fieldset className="asset-picker">
      <legend>{legend}</legend>
      <ul className="asset-choices">
        {assets.map((asset) => (
          <li key={asset.id}>
            <AssetChoice
              id={`${ids}-${asset.id}`}
              asset={asset}
              checked={selected.includes(asset.id)}
              onToggle={(on) => toggle(asset.id, on)}
            />
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function AssetChoice({
  id,
  asset,
  checked,
  onToggle,
}: {
  id: string;
  asset: Asset;
  checked: boolean;
  onToggle: (on: boolean) => void;
}) {
  const { api } = useStudio();
  const image = useAssetImage(api, asset.id);
  return (
    <label className={`asset-choice${checked ? ' checked' : ''}`} htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onToggle(event.target.checked)} />
      <span className="asset-thumb" aria-hidden="true">
        {image ? <img src={image} alt="" /> : null}
      </span>
      <span className="asset-choice-name">
        {asset.name} <span className="muted small">({asset.kind})</span>
      </span>
    </label>
  );
}
