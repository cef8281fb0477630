import { config } from '../config';
import { CommitmentsService, type OptionalParts } from './commitments.service';

let instance: CommitmentsService | undefined;

/**
 * One service per process, built on first use from the parsed configuration. A handler that needs a
 * part only some functions carry (the evidence store, seal checks) passes it here, so only its bundle
 * holds that part's AWS clients.
 */
export function commitmentsService(parts?: OptionalParts): CommitmentsService {
  instance ??= new CommitmentsService(config().TABLE_NAME);
  return parts ? instance.with(parts) : instance;
}
