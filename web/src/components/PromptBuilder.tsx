/** The structured prompt builder: fill the parts, get a well-formed prompt. */
import { useId, useState } from 'react';
import { assemblePrompt, emptyParts, type PromptParts, suggestions } from '../lib/prompt.ts';

const fields: { key: keyof PromptParts; label: string; placeholder: string }[] = [
  { key: 'subject', label: 'Subject', placeholder: 'a red fox' },
  { key: 'action', label: 'Action', placeholder: 'trotting through fresh snow' },
  { key: 'setting', label: 'Setting', placeholder: 'in a quiet birch forest' },
  { key: 'camera', label: 'Camera movement', placeholder: 'slow tracking shot' },
  { key: 'lighting', label: 'Lighting', placeholder: 'soft morning light' },
  { key: 'style', label: 'Style', placeholder: 'cinematic 35mm film' },
  { key: 'mood', label: 'Mood', placeholder: 'calm' },
  { key: 'details', label: 'Details', placeholder: 'breath visible in the cold air' },
];

export function PromptBuilder({ onUse }: { onUse: (prompt: string) => void }) {
  const [parts, setParts] = useState<PromptParts>(emptyParts);
  const base = useId();
  const assembled = assemblePrompt(parts);
  return (
    <div className="builder">
      <div className="builder-grid">
        {fields.map((field) => {
          const listId = suggestions[field.key] ? `${base}-${field.key}-list` : undefined;
          return (
            <div className="field" key={field.key}>
              <label htmlFor={`${base}-${field.key}`}>{field.label}</label>
              <input
                id={`${base}-${field.key}`}
                value={parts[field.key]}
                placeholder={field.placeholder}
                list={listId}
                onChange={(event) => setParts({ ...parts, [field.key]: event.target.value })}
              />
              {listId && (
                <datalist id={listId}>
                  {suggestions[field.key]!.map((option) => (
                    <option key={option} value={option} />
                  ))}
                </datalist>
              )}
            </div>
          );
        })}
      </div>
      <p className="builder-preview" aria-live="polite">
        {assembled || <span className="muted">Fill in a few parts to see the prompt.</span>}
      </p>
      <div className="row">
        <button type="button" className="btn" disabled={!assembled} onClick={() => onUse(assembled)}>
          Use this prompt
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => setParts(emptyParts)}>
          Clear
        </button>
      </div>
    </div>
  );
}
