import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { ASYNCAPI_FILE, asyncApiDocument, channelId, messageId } from '../../events/asyncapi';
import { EVENT_CATALOGUE } from '../../events/catalogue';

/** The event catalogue as AsyncAPI 3.0 (issue #18 item 1): current, valid, and true to its examples. */
const committed = JSON.parse(readFileSync(ASYNCAPI_FILE, 'utf8')) as {
  components: {
    messages: Record<
      string,
      { payload: { schema: Record<string, unknown> }; examples: Array<{ payload: unknown }> }
    >;
  };
  channels: Record<string, unknown>;
  operations: Record<string, unknown>;
};

describe('docs/asyncapi.json', () => {
  it('is what the contracts generate (run npm run events:schemas after changing one)', () => {
    expect(committed).toEqual(JSON.parse(JSON.stringify(asyncApiDocument())));
  });

  it('parses with @asyncapi/parser with no error or warning', async () => {
    const { document, diagnostics } = await new Parser().parse(readFileSync(ASYNCAPI_FILE, 'utf8'));
    expect(document).toBeDefined();
    // Severity 0 is an error, 1 a warning; 2 and 3 are information (the document is 3.0, as asked).
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.channels().length).toBe(EVENT_CATALOGUE.length);
  });

  it('has a channel, an operation and a message per event type and version', () => {
    for (const contract of EVENT_CATALOGUE) {
      expect(committed.channels[channelId(contract)], contract.detailType).toBeDefined();
      expect(committed.operations[`publish${messageId(contract)}`], contract.detailType).toBeDefined();
      expect(committed.components.messages[messageId(contract)], contract.detailType).toBeDefined();
    }
  });

  it("validates each message's example against its own payload schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [id, message] of Object.entries(committed.components.messages)) {
      const validate = ajv.compile(message.payload.schema);
      for (const example of message.examples) {
        expect(validate(example.payload), `${id}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
      // And the schema is not a rubber stamp: a wrong detail-type fails.
      const wrong = { ...(message.examples[0]?.payload as object), 'detail-type': 'Something Else' };
      expect(validate(wrong), id).toBe(false);
    }
  });
});
