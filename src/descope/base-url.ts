import { regionOf } from '../../machines/validate.ts';

const defaultHost = 'descope.com';

export function defaultBaseUrl(projectId: string): string {
  const region = regionOf(projectId);
  if (region === null) throw new TypeError('The project ID does not name a valid region');
  return region ? `https://api.${region}.${defaultHost}` : `https://api.${defaultHost}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
