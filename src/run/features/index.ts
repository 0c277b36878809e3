/**
 * The run's features, started in order (the webhook receiver first: the
 * target opens with the scenario it returns), and called as one: a hook runs
 * on every feature that has it. A new feature is one file here and its line
 * in FEATURES.
 */
import type { ReplicationEvent } from '../../events/index.ts';
import type { ResolvedScenario } from '../../scenario/resolved.ts';
import type { RunPlan } from '../plan.ts';
import type { PushedImage } from '../push-phase.ts';
import { startConnected } from './connected.ts';
import { startEgress } from './egress.ts';
import type { FeatureOptions, FeatureRun, RunFeature, StartFeature } from './feature.ts';
import { startWebhookSignals } from './webhook.ts';

const FEATURES: readonly StartFeature[] = [startWebhookSignals, startConnected, startEgress];

export class RunFeatures {
  /** The scenario to open the target with. */
  readonly scenario: ResolvedScenario;
  readonly #features: readonly RunFeature[];

  constructor(scenario: ResolvedScenario, features: readonly RunFeature[]) {
    this.#features = features;
    this.scenario = features.reduce<ResolvedScenario>((s, f) => f.scenario ?? s, scenario);
  }

  begin(run: FeatureRun): void {
    for (const f of this.#features) f.begin?.(run);
  }

  async beside(run: FeatureRun): Promise<void> {
    await Promise.all(this.#features.flatMap((f) => (f.beside !== undefined ? [f.beside(run)] : [])));
  }

  onPushed(image: PushedImage, origin: string): void {
    for (const f of this.#features) f.onPushed?.(image, origin);
  }

  replication(origin: string, region: string, image: PushedImage, event: ReplicationEvent): ReplicationEvent {
    return this.#features.reduce((e, f) => f.replication?.(origin, region, image, e) ?? e, event);
  }

  async settled(abort: AbortSignal): Promise<void> {
    for (const f of this.#features) await f.settled?.(abort);
  }

  finish(): void {
    for (const f of this.#features) f.finish?.();
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.#features.flatMap((f) => (f.close !== undefined ? [f.close()] : [])));
  }
}

/** Starts every feature the scenario uses; if one fails to start, those started are closed. */
export async function startFeatures(scenario: ResolvedScenario, plan: RunPlan, opts: FeatureOptions): Promise<RunFeatures> {
  const started: RunFeature[] = [];
  try {
    for (const start of FEATURES) {
      const f = await start(scenario, plan, opts);
      if (f !== undefined) started.push(f);
    }
  } catch (err: unknown) {
    await new RunFeatures(scenario, started).close();
    throw err;
  }
  return new RunFeatures(scenario, started);
}
