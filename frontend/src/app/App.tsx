// Routes and providers. Paths stay clear of the API's own prefixes (/v1, /docs,
// /openapi.json, /healthz, /readyz), which the server answers before the app.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ServicesProvider, useRole, type Services } from '../api/context';
import { ApiProblem } from '../api/problem';
import { LoginPage } from '../auth/LoginPage';
import { ForgotPasswordPage } from '../auth/ForgotPasswordPage';
import { SetPasswordPage } from '../auth/SetPasswordPage';
import { TodayPage } from '../today/TodayPage';
import { ClientListPage } from '../clients/ClientListPage';
import { ClientPage } from '../clients/ClientPage';
import { EditClientPage } from '../clients/EditClientPage';
import { NewClientPage } from '../clients/NewClientPage';
import { Loading } from '../ui/states';
import { AppShell } from './AppShell';
import { RequireAuth, RequireClinical, RequireOwner } from './guards';
import { landingFor } from './landing';

// The intake screens carry the body map; clients on a phone load only what their page needs.
const IntakeFormPage = lazy(() => import('../intake/IntakeFormPage').then((m) => ({ default: m.IntakeFormPage })));
// The desk's screens carry the calendar grid and the booking forms; they load on first use.
const CalendarPage = lazy(() => import('../calendar/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const SettingsPage = lazy(() => import('../settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const PublicIntakePage = lazy(() =>
  import('../public/PublicIntakePage').then((m) => ({ default: m.PublicIntakePage })),
);
// A client's own session, from the link in a booking email.
const ManageBookingPage = lazy(() =>
  import('../public/ManageBookingPage').then((m) => ({ default: m.ManageBookingPage })),
);
// The note editor, charts, reports, the audit log and the activity log load when first opened; Today, the
// landing of clinical roles, comes with the first load.
const NoteEditorPage = lazy(() => import('../notes/NoteEditorPage').then((m) => ({ default: m.NoteEditorPage })));
const ReportsPage = lazy(() => import('../reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
// The front desk's rebooking list loads on first use.
const RebookingPage = lazy(() => import('../rebooking/RebookingPage').then((m) => ({ default: m.RebookingPage })));
const ImportClientsPage = lazy(() =>
  import('../clients/import/ImportClientsPage').then((m) => ({ default: m.ImportClientsPage })),
);
const AuditPage = lazy(() => import('../audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const ActivityPage = lazy(() => import('../activity/ActivityPage').then((m) => ({ default: m.ActivityPage })));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Retry only what may pass next time: network failures and server errors.
        retry: (count, error) => count < 2 && error instanceof ApiProblem && (error.status === 0 || error.status >= 500),
      },
    },
  });
}

export function App({ services, queryClient }: { services: Services; queryClient: QueryClient }) {
  return (
    <ServicesProvider services={services}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Suspense fallback={<Loading what="the page" />}>
            <AppRoutes />
          </Suspense>
        </BrowserRouter>
      </QueryClientProvider>
    </ServicesProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/set-password" element={<SetPasswordPage />} />
      <Route path="/forgot-password" element={<ForgotPasswordPage />} />
      <Route path="/intake" element={<PublicIntakePage />} />
      <Route path="/intake/:token" element={<PublicIntakePage />} />
      <Route path="/manage" element={<ManageBookingPage />} />
      <Route path="/manage/:token" element={<ManageBookingPage />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route path="/" element={<Landing />} />
        <Route path="/today" element={<RequireClinical><TodayPage /></RequireClinical>} />
        <Route path="/notes/:id" element={<RequireClinical><NoteEditorPage /></RequireClinical>} />
        <Route path="/reports" element={<RequireClinical><ReportsPage /></RequireClinical>} />
        <Route path="/audit" element={<RequireOwner><AuditPage /></RequireOwner>} />
        <Route path="/activity" element={<RequireOwner what="The activity log is"><ActivityPage /></RequireOwner>} />
        <Route path="/calendar" element={<CalendarPage />} />
        <Route path="/rebooking" element={<RebookingPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/clients" element={<ClientListPage />} />
        <Route path="/clients/new" element={<NewClientPage />} />
        <Route
          path="/clients/import"
          element={
            <RequireOwner what="Importing clients is">
              <ImportClientsPage />
            </RequireOwner>
          }
        />
        <Route path="/clients/:id" element={<ClientPage />} />
        <Route path="/clients/:id/edit" element={<EditClientPage />} />
        <Route
          path="/clients/:id/intake/new"
          element={
            <RequireClinical>
              <IntakeFormPage />
            </RequireClinical>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function Landing() {
  return <Navigate to={landingFor(useRole())} replace />;
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
    </div>
  );
}
