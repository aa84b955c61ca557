export function AuditPage() {
  return <div className="page"><h1>Audit log</h1></div>;
}
