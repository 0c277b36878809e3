/** Egress: the scenario's price table, logged once after run-start so the report can price every pull. */
import type { StartFeature } from './feature.ts';

export const startEgress: StartFeature = async (scenario) => {
  const egress = scenario.egress;
  if (egress === null) return undefined;
  return {
    begin: (run) => run.recorder.record({ type: 'egress-prices', currency: egress.currency, pricePerGB: egress.pricePerGB }),
  };
};
