import type { DevTokenRequest } from '../dev-auth';

/** The three audiences, as dev users. Start prints a token for each. */
export const SAMPLE_USERS: ReadonlyArray<DevTokenRequest & { label: string }> = [
  {
    label: 'regional editor',
    sub: 'dev-london-editor',
    role: 'editor',
    unit: 'region-london',
    name: 'London editor',
  },
  {
    label: 'national editor',
    sub: 'dev-national-editor',
    role: 'editor',
    unit: 'national',
    name: 'National editor',
  },
  { label: 'board member', sub: 'dev-board-member', role: 'board', unit: 'national', name: 'Board member' },
];
