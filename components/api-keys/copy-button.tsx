'use client';

import { useState } from 'react';

/** Copies `value` to the clipboard and says so. */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <button type="button" className="btn" onClick={copy} aria-live="polite">
      {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the key' : label}
    </button>
  );
}
