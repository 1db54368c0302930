export { until } from '../helpers/until.ts';
