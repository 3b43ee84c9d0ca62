// Every screen, once: its path, its title, whether it is in the navigation, and when it is offered.
// A new screen is one entry here plus its component in screens/.
import { lazy, type ComponentType } from 'react';
import type { AppConfig } from './config';
import { Caseload } from './screens/caseload/Caseload';
import { Person } from './screens/person/Person';
import { Worklist } from './screens/worklist/Worklist';
import { Hearings } from './screens/hearings/Hearings';
import { Webhooks } from './screens/webhooks/Webhooks';
import { Outcomes } from './screens/outcomes/Outcomes';

export interface ScreenProps {
  params: Record<string, string>;
}

export interface Screen {
  path: string;
  title: string;
  /** Its label in the navigation; screens reached only by link leave it out. */
  nav?: string;
  component: ComponentType<ScreenProps>;
  offered?: (config: AppConfig) => boolean;
}

// GraphiQL (and its editor, Monaco) is a large bundle: loaded only when someone opens it.
const GraphiQLScreen = lazy(() => import('./screens/graphiql/GraphiQLScreen'));

export const screens: Screen[] = [
  { path: '/people', title: 'Caseload', nav: 'Caseload', component: Caseload },
  { path: '/people/:aNumber', title: 'Person', component: Person },
  { path: '/worklist', title: 'Worklist', nav: 'Worklist', component: Worklist },
  { path: '/hearings', title: 'Hearings', nav: 'Hearings', component: Hearings },
  { path: '/webhooks', title: 'Webhook endpoints', nav: 'Webhooks', component: Webhooks },
  { path: '/outcomes', title: 'Does it work?', nav: 'Does it work?', component: Outcomes },
  { path: '/graphiql', title: 'GraphiQL', nav: 'GraphiQL', component: GraphiQLScreen, offered: (config) => config.graphiql },
];

/** Where a signed-in user lands. */
export const HOME = '/people';
