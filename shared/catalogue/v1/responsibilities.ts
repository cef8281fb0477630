import type { OperatingModelVersion } from '../types';

/**
 * Operating model v1 (November 2021): every bullet of the delivery spectrum, Fig 3 and Fig 4, word for
 * word as the operating model prints them (including its spelling, e.g. "fora"). Ids are explicit and
 * never reused: a later operating model gets its own file beside this one.
 */
export const OPERATING_MODEL_V1: OperatingModelVersion = {
  version: 'v1',
  effectiveFrom: '2021-11-01',
  title: 'Health Education England Operating Model, Version 1',
  published: '2021-11',
  source:
    'Operating Model v1, Fig 3 (Delivery Spectrum) and Fig 4 (Delivery Spectrum Examples in Key Work Activity areas)',
  cells: [
    {
      area: 'summary',
      tier: 'ics',
      bullets: [
        [
          'ICS-SUM-1',
          'ICSs define the collaborative activities they will undertake within/ across ICSs to deliver their four aims',
        ],
      ],
    },
    {
      area: 'summary',
      tier: 'region',
      bullets: [
        [
          'REG-SUM-1',
          '(Working with national teams), at regional, ICS and local levels of activity, lead and champion excellent education, approaches to future workforce and workforce transformation, and integrated workforce planning',
        ],
      ],
    },
    {
      area: 'summary',
      tier: 'national',
      bullets: [
        [
          'NAT-SUM-1',
          '(Working with Regions), at national and international levels of activity, lead and champion excellent education, approaches to future workforce and workforce transformation, and integrated workforce planning',
        ],
      ],
    },
    {
      area: 'organise',
      tier: 'ics',
      bullets: [['ICS-ORG-1', 'ICSs are our default level of relationship with the health and care system.']],
    },
    {
      area: 'organise',
      tier: 'region',
      bullets: [
        [
          'REG-ORG-1',
          'Lead the coordination and integration of our roles and work activities with/between ICSs; working with ICSs themselves, NHSE&I Regions and other local and Regional partners',
        ],
        ['REG-ORG-2', 'Working with national teams, design deliver and develop Regional accountability'],
        [
          'REG-ORG-3',
          'Influence and support the roles and work activity for which national teams are accountable',
        ],
      ],
    },
    {
      area: 'organise',
      tier: 'national',
      bullets: [
        [
          'NAT-ORG-1',
          'Design, deliver and develop the system of national and Regional accountability within clear governance, with supporting infrastructure and resources;',
        ],
        [
          'NAT-ORG-2',
          "Lead the coordination and integration of national requirements and influences on HEE's role and work activity",
        ],
        ['NAT-ORG-3', "Ensure Regions' involvement in carrying out national roles and work activity"],
      ],
    },
    {
      area: 'improve',
      tier: 'ics',
      bullets: [['ICS-IMP-1', 'ICSs influence continuous improvement of HEE/ICS collaborative relationship']],
    },
    {
      area: 'improve',
      tier: 'region',
      bullets: [
        [
          'REG-IMP-1',
          "Collaborate across Regions to share knowledge and learn lessons to continuously improve HEE's relationship with ICSs",
        ],
      ],
    },
    {
      area: 'improve',
      tier: 'national',
      bullets: [
        [
          'NAT-IMP-1',
          'Coordinate national functions to support and develop Regions to continuously improve their relationship with ICSs',
        ],
      ],
    },
    {
      area: 'workforce-planning',
      tier: 'ics',
      bullets: [
        [
          'ICS-WP-1',
          'Integrated multi-professional workforce and education planning, including workforce and education intelligence and analytics support into annual and multi-year planning',
        ],
      ],
    },
    {
      area: 'workforce-planning',
      tier: 'region',
      bullets: [
        ['REG-WP-1', 'Coordination of HEE led activity into ICS led integrated planning'],
        ['REG-WP-2', 'Provision of workforce and education intelligence and analytics support; with NHSE&I'],
        [
          'REG-WP-3',
          "Regional level coordination and oversight of 'all levers all levels' integrated ICS planning to maximise value of HEE led activity within wider system to meet system goals, with partners",
        ],
        [
          'REG-WP-4',
          'Engagement across Regions with national teams with planning intelligence to inform future investment and decision making to best meet system goals',
        ],
      ],
    },
    {
      area: 'workforce-planning',
      tier: 'national',
      bullets: [
        [
          'NAT-WP-1',
          'Lead and support integrated planning framing and the operation of workforce planning elements with service/finance/population health planning leads',
        ],
        [
          'NAT-WP-2',
          'Develop workforce and education intelligence systems and processes, theories and practices of analytics and review and improvement mechanisms, working with NHSE&I',
        ],
        ['NAT-WP-3', 'Lead workforce planning capacity and capability building'],
        [
          'NAT-WP-4',
          "National coordination of 'all levers all levels' workforce planning outcomes with NHSE&I to maximise value of HEE led activity/investment to meet collective ICS goals, national targets and requirements",
        ],
      ],
    },
    {
      area: 'service-redesign',
      tier: 'ics',
      bullets: [
        [
          'ICS-SR-1',
          'Ensure multiprofessional workforce and education input into design, development, and delivery of transformation programmes',
        ],
      ],
    },
    {
      area: 'service-redesign',
      tier: 'region',
      bullets: [
        [
          'REG-SR-1',
          'Coordinates and prioritises workforce and education input into and support for service transformation activity in and across ICSs within Region within national supported framework',
        ],
      ],
    },
    {
      area: 'service-redesign',
      tier: 'national',
      bullets: [
        [
          'NAT-SR-1',
          'Working with Regions, frame HEE role and responsibilities in nationally led service/ population health pathway/ place/ functional/ enabling transformation programmes',
        ],
        [
          'NAT-SR-2',
          'Integrate and convene the range of theory, practice, tools, resources, expertise, knowledge into applied solutions in real work settings facing the health and care system to enable adoption and spread',
        ],
      ],
    },
    {
      area: 'pgmde-delivery',
      tier: 'ics',
      bullets: [
        [
          'ICS-PGMDE-1',
          'Understanding of actual and planned trainee distribution in ICS education providers',
        ],
        [
          'ICS-PGMDE-2',
          'Understanding of trainees qualifying from local training rotations to maximise local retention',
        ],
        [
          'ICS-PGMDE-3',
          'Engagement in decision making on local and Regional training numbers and distribution.',
        ],
        [
          'ICS-PGMDE-4',
          'Provision of future supply need through HEE Regions to influence national medical workforce planning',
        ],
        ['ICS-PGMDE-5', 'Engagement in education reform'],
      ],
    },
    {
      area: 'pgmde-delivery',
      tier: 'region',
      bullets: [
        [
          'REG-PGMDE-1',
          'Lead Regional delivery of PGMDE to regulatory standards within nationally supported frameworks and funding',
        ],
        [
          'REG-PGMDE-2',
          'Provision of workforce intelligence on actual and planned trainee distribution as part of medical workforce planning',
        ],
        [
          'REG-PGMDE-3',
          'Coordination of local intelligence to influence actual and future numbers and distribution of medical training posts',
        ],
        [
          'REG-PGMDE-4',
          'Coordinate agree and oversee delivery of expansion plans as part of wider supply strategies',
        ],
        [
          'REG-PGMDE-5',
          'Influence education reform with local intelligence; coordinate education reform piloting, delivery',
        ],
      ],
    },
    {
      area: 'pgmde-delivery',
      tier: 'national',
      bullets: [
        [
          'NAT-PGMDE-1',
          '(Working with Regions, and wider stakeholders) Design, develop and implement strategic and operational framework and funding in which PGMDE is delivered to regulatory standards',
        ],
        [
          'NAT-PGMDE-2',
          'Leadership and oversight of training post numbers (including expansion targets) and distribution decisions',
        ],
        ['NAT-PGMDE-3', 'Lead PGMDE recruitment'],
        ['NAT-PGMDE-4', 'Lead education reform initiatives'],
      ],
    },
    {
      area: 'education-quality',
      tier: 'ics',
      bullets: [
        [
          'ICS-EQ-1',
          'Understands and influences how multiprofessional education quality is integrated into service quality and safety systems and drives improvement priorities in ICS',
        ],
      ],
    },
    {
      area: 'education-quality',
      tier: 'region',
      bullets: [
        [
          'REG-EQ-1',
          'Coordinate and prioritise input into and support for education quality improvement oversight and activity in and across ICSs within Region within nationally supported framework',
        ],
        ['REG-EQ-2', 'Provide intelligence into local, Regional quality and safety fora'],
      ],
    },
    {
      area: 'education-quality',
      tier: 'national',
      bullets: [
        [
          'NAT-EQ-1',
          'Working with Regions, design, develop and improve education quality oversight and improvement frameworks which meet regulatory standards, enable excellent education and are integrated with service quality and safety systems and oversight',
        ],
        [
          'NAT-EQ-2',
          'Integrate education quality into demonstrable real work examples of quality and safety improvement activity led by service, population health and quality partners',
        ],
        ['NAT-EQ-3', 'Provide intelligence into national quality and safety fora'],
      ],
    },
  ],
};
