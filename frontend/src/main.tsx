import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, createBrowserSession } from './api/client';
import { App, createQueryClient } from './app/App';
import './styles.css';

const session = createBrowserSession();
const services = { session, api: createApi(session) };
const queryClient = createQueryClient();
// Cached clinical data must not outlive the login that fetched it.
session.subscribe((tokens) => {
  if (!tokens) queryClient.clear();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App services={services} queryClient={queryClient} />
  </StrictMode>,
);
