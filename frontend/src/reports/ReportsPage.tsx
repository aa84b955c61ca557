export function ReportsPage() {
  return <div className="page"><h1>Reports</h1></div>;
}
