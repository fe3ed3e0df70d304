/**
 * Progress bars on long work (demo generation, imports) — only on a terminal: when stderr is
 * not a TTY (a pipe, a file, CI, the tests) nothing is drawn.
 *
 * @module
 */
import cliProgress from 'cli-progress';

/** A progress bar, or a no-op. */
export interface Progress {
  /** Sets the total (when it becomes known) and the current value. */
  update(value: number, payload?: { readonly step?: string; readonly total?: number }): void;
  /** Stops and clears the bar. */
  stop(): void;
}

const NONE: Progress = { update: () => {}, stop: () => {} };

/**
 * Starts a progress bar on `stream` when `enabled` (a TTY), else returns a no-op.
 *
 * @param options - `enabled`, the `stream` (stderr), the `label`, the `total` and the `unit`
 * @returns the bar
 * @example
 * ```ts
 * const bar = startProgress({ enabled: process.stderr.isTTY, stream: process.stderr, label: 'Generating', total: 10_000, unit: 'contacts' });
 * bar.update(5_000);
 * bar.stop();
 * ```
 */
export function startProgress(options: { readonly enabled: boolean; readonly stream: unknown; readonly label: string; readonly total: number; readonly unit: string }): Progress {
  if (!options.enabled) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      format: `${options.label.padEnd(11)} {bar} {percentage}% | {value}/{total} ${options.unit} | {step}`,
      stream: options.stream as NodeJS.WritableStream,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(1, options.total), 0, { step: '' });
  let stopped = false;
  return {
    update: (value, payload) => {
      if (stopped) return;
      if (payload?.total !== undefined) bar.setTotal(Math.max(1, payload.total));
      bar.update(value, { step: payload?.step ?? '' });
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
