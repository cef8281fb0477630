import type { Role } from '../shared/auth/identity';

/**
 * The people of the local runtime: one list that `npm start`, `npm run token` and the docs'
 * examples use, so a person has the same user id (`sub`) whichever way their token was made.
 */
export interface SamplePerson {
  /** What they are, as `npm start` prints it. */
  label: string;
  sub: string;
  name: string;
  role: Role;
  unit: string;
}

export const SAMPLE_PEOPLE: readonly SamplePerson[] = [
  {
    label: 'regional editor',
    sub: 'amara.okafor',
    name: 'Amara Okafor',
    role: 'editor',
    unit: 'region-london',
  },
  { label: 'regional editor', sub: 'tom.reid', name: 'Tom Reid', role: 'editor', unit: 'region-london' },
  { label: 'regional reader', sub: 'lucy.evans', name: 'Lucy Evans', role: 'reader', unit: 'region-london' },
  {
    label: 'ICS editor',
    sub: 'grace.mensah',
    name: 'Grace Mensah',
    role: 'editor',
    unit: 'ics-north-central-london',
  },
  { label: 'national editor', sub: 'priya.shah', name: 'Priya Shah', role: 'editor', unit: 'national' },
  { label: 'board member', sub: 'david.hughes', name: 'David Hughes', role: 'board', unit: 'national' },
  {
    label: 'national administrator',
    sub: 'sam.patel',
    name: 'Sam Patel',
    role: 'admin',
    unit: 'national',
  },
];

/** The people `npm start` prints a token for: one of each audience. */
export const PRINTED_AT_START = ['amara.okafor', 'priya.shah', 'david.hughes'] as const;

export const samplePerson = (sub: string) => SAMPLE_PEOPLE.find((p) => p.sub === sub);

/** The sample person a `--role`/`--unit` token stands for (the first listed), if there is one. */
export const samplePersonFor = (role: Role, unit: string) =>
  SAMPLE_PEOPLE.find((p) => p.role === role && p.unit === unit);
