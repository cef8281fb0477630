import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationCard, summaryCard, workflowsMessage } from '../../shared/webhooks/teams-cards';
import { launchChromium } from '../support/browser';

/**
 * Teams cards (issue #18 item 3) are checked by Microsoft's own Adaptive Cards renderer (the
 * `adaptivecards` package) in Chromium: parsed against its object model with no validation event,
 * and rendered with the figures and links a channel will show.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

const renderer = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.js');

async function check(
  card: unknown,
): Promise<{ events: string[]; text: string; links: string[]; version: string }> {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html lang="en"><body><div id="card"></div></body></html>');
  await page.addScriptTag({ path: renderer });
  await page.evaluate(`window.__card = ${JSON.stringify(card)}`);
  const out = await page.evaluate<{
    events: string[];
    text: string;
    links: string[];
    version: string;
  }>(`(() => {
    const AC = window.AdaptiveCards;
    const card = new AC.AdaptiveCard();
    const context = new AC.SerializationContext();
    card.parse(window.__card, context);
    const events = [];
    for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i).message);
    for (const e of card.validateProperties().validationEvents) events.push(e.message);
    const element = card.render();
    document.getElementById('card').appendChild(element);
    const links = card.getAllActions().map((a) => a.url);
    return { events, text: element.innerText, links, version: card.version.toString() };
  })()`);
  await page.close();
  return out;
}

describe('Teams cards', () => {
  it('renders a digest card with its counts, the most overdue items and a link to it', async () => {
    const card = summaryCard(
      'sum-digest-region-london-2026-W47-final',
      {
        kind: 'digest',
        scopeName: 'London',
        period: '2026-W47',
        status: 'final',
        totals: {
          open: 12,
          overdue: 3,
          newlyOverdue: 1,
          escalated: 1,
          dueSoon: 4,
          completed: 2,
          actionsLogged: 9,
        },
        topOverdue: [
          {
            title: 'Training hub capacity',
            ownerName: 'North Central London',
            dueDate: '2026-08-14',
            daysOverdue: 97,
          },
        ],
      },
      'https://tracker.example.nhs.uk/app/',
    );
    const message = workflowsMessage(card);
    expect(message.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const out = await check(message.attachments[0]?.content);
    expect(out.events).toEqual([]);
    expect(out.version).toBe('1.5');
    expect(out.text).toContain('Digest: London, 2026-W47');
    expect(out.text).toContain('Overdue');
    expect(out.text).toContain(
      'Training hub capacity (North Central London): due 2026-08-14, 97 days overdue',
    );
    expect(out.links).toEqual([
      'https://tracker.example.nhs.uk/app/reports/sum-digest-region-london-2026-W47-final',
    ]);
  });

  it('renders an escalation card that says who holds the duty now', async () => {
    const out = await check(
      escalationCard(
        {
          commitmentId: 'cmt-1',
          title: 'Retention plan',
          dueDate: '2026-10-01',
          daysOverdue: 56,
          heldBy: 'region-london',
          escalationLevel: 1,
          ownerUnitId: 'ics-north-central-london',
          regionId: 'region-london',
          responsibilityIds: ['ICS-WP-1'],
        },
        'https://tracker.example.nhs.uk/app/',
      ),
    );
    expect(out.events).toEqual([]);
    expect(out.text).toContain('Escalated: Retention plan');
    expect(out.text).toContain('now held by region-london (level 1)');
    expect(out.links).toEqual(['https://tracker.example.nhs.uk/app/commitments/cmt-1']);
  });

  it('is not a rubber stamp: the renderer reports a card it cannot read', async () => {
    const out = await check({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'NoSuchElement' }] });
    expect(out.events.length).toBeGreaterThan(0);
  });
});
