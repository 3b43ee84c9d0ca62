import { useEffect, type ReactNode } from 'react';
import type { Screen } from '../routes';
import { Link } from '../routing/Link';
import { useSession } from '../session';

/** The page frame: skip link, banner with navigation and sign-out, one main landmark. */
export function Layout({ screens, current, title, children }: { screens: Screen[]; current?: Screen; title: string; children: ReactNode }) {
  const { signOut } = useSession();
  useEffect(() => {
    document.title = `${title} · Supervision Gateway`;
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="banner">
        <p className="brand">Supervision Gateway</p>
        <nav aria-label="Main">
          <ul>
            {screens
              .filter((screen) => screen.nav)
              .map((screen) => (
                <li key={screen.path}>
                  <Link to={screen.path} aria-current={screen === current ? 'page' : undefined}>
                    {screen.nav}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <button type="button" className="sign-out" onClick={() => signOut()}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>All data here is synthetic.</p>
      </footer>
    </>
  );
}
