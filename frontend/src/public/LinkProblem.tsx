// What a public page says when its link cannot be used: a heading and what to do instead.
export function LinkProblem({ title, detail }: { title: string; detail: string }) {
  return (
    <div className="notice" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
    </div>
  );
}
