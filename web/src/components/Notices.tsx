import type { GraphQLFormattedError } from 'graphql';

/** Errors other than FORBIDDEN (a service down, a bad A-number): a notice above the data that did come back. */
export function Notices({ errors }: { errors: GraphQLFormattedError[] }) {
  if (errors.length === 0) return null;
  const unique = [...new Map(errors.map((e) => [`${e.extensions?.code}:${e.message}`, e])).values()];
  return (
    <div className="notice" role="status">
      <p>Some information could not be loaded:</p>
      <ul>
        {unique.map((e) => (
          <li key={`${e.extensions?.code}:${e.message}`}>
            {e.message} {e.extensions?.code ? <code>{String(e.extensions.code)}</code> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
