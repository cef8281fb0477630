import type { OptionalParts } from '../commitments/commitments.service';
import { evidenceStore } from './evidence-store';

/** The evidence store as a part of the commitments service, for the handlers that accept cited files. */
export const EVIDENCE_PART: OptionalParts = { evidence: { stat: (key) => evidenceStore().stat(key) } };
