import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { awsClient } from '../observability/aws-clients';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** One-click unsubscribe (RFC 8058): sent as List-Unsubscribe and List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
}

const listHeaders = (mail: Mail) =>
  mail.unsubscribeUrl
    ? [
        { Name: 'List-Unsubscribe', Value: `<${mail.unsubscribeUrl}>` },
        { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
      ]
    : [];

/** SES in the cloud (SENDER_EMAIL); locally `.eml` files in an outbox folder (MAIL_OUTBOX_DIR). */
export interface Mailer {
  send(mail: Mail): Promise<string>;
}

class SesMailer implements Mailer {
  private readonly ses = awsClient(new SESv2Client({}));
  constructor(private readonly from: string) {}
  async send(mail: Mail) {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [mail.to] },
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: mail.text, Charset: 'UTF-8' },
              Html: { Data: mail.html, Charset: 'UTF-8' },
            },
            ...(mail.unsubscribeUrl ? { Headers: listHeaders(mail) } : {}),
          },
        },
      }),
    );
    return out.MessageId ?? 'sent';
  }
}

/** Writes RFC 5322 messages (multipart/alternative) that any mail client opens. */
class OutboxMailer implements Mailer {
  constructor(
    private readonly dir: string,
    private readonly from: string,
  ) {}
  async send(mail: Mail) {
    const id = randomUUID();
    const boundary = `b-${id}`;
    const body = [
      `From: ${this.from}`,
      `To: ${mail.to}`,
      `Subject: ${mail.subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${id}@accountability-tracker.local>`,
      ...listHeaders(mail).map((h) => `${h.Name}: ${h.Value}`),
      'MIME-Version: 1.0',
      `Content-Type: multipart/alternative; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      mail.text,
      `--${boundary}`,
      'Content-Type: text/html; charset=utf-8',
      '',
      mail.html,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
    await writeFile(file, body);
    console.log(`[mail] ${mail.subject} -> ${mail.to} (${file})`);
    return id;
  }
}

let mailer: Mailer | undefined;
export function mailerFromEnvironment(): Mailer {
  if (mailer) return mailer;
  const from = process.env.SENDER_EMAIL ?? 'accountability-tracker@localhost';
  if (process.env.MAIL_OUTBOX_DIR) mailer = new OutboxMailer(process.env.MAIL_OUTBOX_DIR, from);
  else if (process.env.SENDER_EMAIL) mailer = new SesMailer(from);
  else throw new Error('Invalid configuration: set SENDER_EMAIL (SES) or MAIL_OUTBOX_DIR (local outbox)');
  return mailer;
}
