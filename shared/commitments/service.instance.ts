import { config } from '../config';
import { CommitmentsService } from './commitments.service';

let instance: CommitmentsService | undefined;

/** One service per process, built on first use from the parsed configuration. */
export function commitmentsService(): CommitmentsService {
  instance ??= new CommitmentsService(config().TABLE_NAME);
  return instance;
}
