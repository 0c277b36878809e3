/**
 * The foundation's client contract against the embedded lab: the same suite
 * that proves the client against docker-registry, through a lab region's
 * shaped port, so the lab speaks the API exactly as a real registry does.
 */
import { startLab, type Lab } from '../../src/lab/index.ts';
import { clientContract } from '../helpers/client-contract.ts';

let lab: Lab | undefined;
lab = await startLab({
  regions: [{ name: 'eastus' }, { name: 'westeurope' }],
  replication: { lag: '50ms' },
});
const endpoint = lab.endpointFor('eastus', 'eastus');
clientContract('embedded lab', () => ({ url: endpoint, insecure: true }), {
  after: async () => {
    await lab?.close();
    lab = undefined;
  },
});
