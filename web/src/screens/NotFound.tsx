import { Link } from '../routing/Link';
import { HOME } from '../routes';

export function NotFound() {
  return (
    <section aria-labelledby="not-found">
      <h1 id="not-found">Page not found</h1>
      <p>
        <Link to={HOME}>Go to the caseload</Link>
      </p>
    </section>
  );
}
