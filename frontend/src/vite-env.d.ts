/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Base URL of the API when it is served from another origin; '' means same origin. */
  readonly VITE_API_BASE_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
