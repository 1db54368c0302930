import { exampleConfig } from '../vite.shared.ts';

export default exampleConfig('svelte');
