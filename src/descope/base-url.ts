const defaultHost = 'descope.com';

export function defaultBaseUrl(projectId: string): string {
  const region = projectId.length >= 32 ? projectId.slice(1, -27) : '';
  return region ? `https://api.${region}.${defaultHost}` : `https://api.${defaultHost}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
