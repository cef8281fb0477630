/**
 * Microsoft Teams: digests, reports and escalations as Adaptive Cards, posted to a channel through a
 * Teams Workflows webhook ("When a Teams webhook request is received"), which takes a message with
 * card attachments. (The Office 365 connectors' MessageCard format is retired.)
 */
export const TEAMS_EVENT_TYPES = ['Accountability Summary Generated', 'Duty Overdue'] as const;

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.5';
  body: Array<Record<string, unknown>>;
  actions: Array<Record<string, unknown>>;
}

/** What Teams Workflows takes: a message whose attachment is the card. */
export const workflowsMessage = (card: AdaptiveCard) => ({
  type: 'message',
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
});

interface Row {
  title: string;
  ownerName: string;
  dueDate: string;
  daysOverdue?: number;
}
export interface SummaryFacts {
  kind: string;
  scopeName: string;
  period: string;
  status: string;
  totals: Record<string, number>;
  /** The most overdue open commitments, worst first. */
  topOverdue: Row[];
}

const text = (t: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: t,
  wrap: true,
  ...extra,
});
const open = (title: string, url: string) => ({ type: 'Action.OpenUrl', title, url });

const card = (body: AdaptiveCard['body'], actions: AdaptiveCard['actions']): AdaptiveCard => ({
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  type: 'AdaptiveCard',
  version: '1.5',
  body,
  actions,
});

/** A digest or report: its counts, the top overdue items, and links to it in the workspace. */
export function summaryCard(summaryId: string, facts: SummaryFacts, workspaceUrl: string): AdaptiveCard {
  const t = facts.totals;
  const what = facts.kind === 'report' ? 'Governance report' : 'Digest';
  return card(
    [
      text(`${what}: ${facts.scopeName}, ${facts.period}`, { size: 'Large', weight: 'Bolder' }),
      text(
        facts.status === 'final' ? 'Final: the period has ended.' : 'Draft: the period is still running.',
        {
          isSubtle: true,
          spacing: 'None',
        },
      ),
      {
        type: 'FactSet',
        facts: [
          ['Open', t.open],
          ['Overdue', t.overdue],
          ['Newly overdue', t.newlyOverdue],
          ['Escalated', t.escalated],
          ['Due soon', t.dueSoon],
          ['Completed', t.completed],
          ['Actions logged', t.actionsLogged],
        ].map(([title, value]) => ({ title: String(title), value: String(value ?? 0) })),
      },
      ...(facts.topOverdue.length
        ? [
            text('Most overdue', { weight: 'Bolder', spacing: 'Medium' }),
            ...facts.topOverdue.slice(0, 5).map((r) =>
              text(
                `- ${r.title} (${r.ownerName}): due ${r.dueDate}${r.daysOverdue ? `, ${r.daysOverdue} days overdue` : ''}`,
                {
                  spacing: 'Small',
                },
              ),
            ),
          ]
        : []),
    ],
    [open(`Open the ${what.toLowerCase()}`, `${workspaceUrl}reports/${encodeURIComponent(summaryId)}`)],
  );
}

/** An escalation: the duty, how late it is, and who holds it now. */
export function escalationCard(data: Record<string, unknown>, workspaceUrl: string): AdaptiveCard {
  return card(
    [
      text(`Escalated: ${String(data.title)}`, { size: 'Large', weight: 'Bolder' }),
      text(
        `Overdue since ${String(data.dueDate)} (${String(data.daysOverdue)} days), not acknowledged: now held by ${String(data.heldBy)} (level ${String(data.escalationLevel)}).`,
      ),
      {
        type: 'FactSet',
        facts: [
          { title: 'Owner', value: String(data.ownerUnitId) },
          { title: 'Region', value: String(data.regionId) },
          {
            title: 'Responsibilities',
            value: ((data.responsibilityIds as string[] | undefined) ?? []).join(', '),
          },
        ],
      },
    ],
    [
      open(
        'Open the commitment',
        `${workspaceUrl}commitments/${encodeURIComponent(String(data.commitmentId))}`,
      ),
    ],
  );
}
