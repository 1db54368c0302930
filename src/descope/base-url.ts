const defaultHost = 'descope.com';

export function defaultBaseUrl(projectId: string): string {
  const region = projectId.length >= 32 ? projectId.slice(1, -27) : '';
  if (!/^[a-z0-9]*$/.test(region)) throw new TypeError('The project ID does not name a valid region');
  return region ? `https://api.${region}.${defaultHost}` : `https://api.${defaultHost}`;
}

export function joinUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
