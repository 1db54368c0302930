/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The base URL of a Descope-compatible API. */
  readonly VITE_DESCOPE_BASE_URL?: string;
  /** The Descope project ID. */
  readonly VITE_DESCOPE_PROJECT_ID?: string;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
