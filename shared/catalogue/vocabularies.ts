import type { Tag } from './types';

/** The five principles of the operating model, with the line that states each. */
export const PRINCIPLES: readonly Tag[] = [
  { id: 'P-INTEGRATION', name: 'Integration', description: 'we collaborate with ICSs by default' },
  {
    id: 'P-SUBSIDIARITY',
    name: 'Subsidiarity',
    description: 'we make decisions and carry out actions at the most local level possible',
  },
  {
    id: 'P-MULTI-PROFESSIONAL',
    name: 'Multi-professional',
    description: 'we are multi-professional by default',
  },
  {
    id: 'P-SUSTAINABILITY',
    name: 'Sustainability',
    description:
      'our work maximises the sustainability of supply, services and health and healthcare improvement',
  },
  {
    id: 'P-CONTINUOUS-IMPROVEMENT',
    name: 'Continuous Improvement',
    description:
      'we continuously improve the quality of education and training; services and health outcomes, whilst reducing unwarranted variation',
  },
];

/** HEE core values. */
export const CORE_VALUES: readonly Tag[] = [
  { id: 'V-RESPONSIBLE', name: 'Responsible' },
  { id: 'V-INCLUSIVE', name: 'Inclusive' },
  { id: 'V-CONFIDENT', name: 'Confident' },
  { id: 'V-FAIR', name: 'Fair' },
];

/** The four aims of Integrated Care Systems. */
export const ICS_AIMS: readonly Tag[] = [
  { id: 'AIM-1', name: 'Improve outcomes in population health and healthcare' },
  { id: 'AIM-2', name: 'Tackle inequalities in outcomes, experience and access' },
  { id: 'AIM-3', name: 'Enhance productivity and value for money' },
  { id: 'AIM-4', name: 'Help the NHS support broader social and economic development' },
];

/** The primary statutory duty is exercised with a view to these five functions. */
export const STATUTORY_DUTIES: readonly Tag[] = [
  {
    id: 'DUTY-1',
    name: 'ensuring a sufficient number of skilled healthcare workers are available having regard to likely future demand, sustainability of supply and longer term education and training objectives',
  },
  {
    id: 'DUTY-2',
    name: 'securing continuous improvement in the quality of education and training and health services',
  },
  { id: 'DUTY-3', name: 'promoting and using research' },
  {
    id: 'DUTY-4',
    name: 'securing education and training provided in a way which promotes the NHS Constitution',
  },
  { id: 'DUTY-5', name: 'seeking advice and receiving representations from key partners and stakeholders' },
];

/** The ten ICS People Function outcome areas (NHS England guidance, 2021), numbered 1-10 in Fig 1. */
export const PEOPLE_FUNCTION_OUTCOMES: readonly Tag[] = [
  { id: 'PFO-1', name: 'Supporting the health and wellbeing of all staff' },
  { id: 'PFO-2', name: 'Growing the workforce for the future and enabling adequate workforce supply' },
  {
    id: 'PFO-3',
    name: 'Supporting inclusion and belonging for all, and creating a great experience for staff',
  },
  { id: 'PFO-4', name: 'Valuing and supporting leadership at all levels, and lifelong learning' },
  { id: 'PFO-5', name: 'Leading workforce transformation and new ways of working' },
  { id: 'PFO-6', name: 'Educating, training and developing people, and managing talent' },
  { id: 'PFO-7', name: 'Driving and supporting broader social and economic development' },
  { id: 'PFO-8', name: 'Transforming people services and supporting the people profession' },
  { id: 'PFO-9', name: 'Leading coordinated workforce planning using analysis and intelligence' },
  { id: 'PFO-10', name: 'Supporting system design and development' },
];

export const TAG_VOCABULARIES = {
  principles: PRINCIPLES,
  coreValues: CORE_VALUES,
  icsAims: ICS_AIMS,
  statutoryDuties: STATUTORY_DUTIES,
  peopleFunctionOutcomes: PEOPLE_FUNCTION_OUTCOMES,
} as const;
export type TagVocabulary = keyof typeof TAG_VOCABULARIES;
