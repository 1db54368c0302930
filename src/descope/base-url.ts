import { regionOf } from '../../machines/validate.ts';

const defaultHost = 'descope.com';

export function defaultBaseUrl(projectId: string): string | null {
  const region = regionOf(projectId);
  if (region === null) return null;
  return region ? `https://api.${region}.${defaultHost}` : `https://api.${defaultHost}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
