import { Tracer } from '@aws-lambda-powertools/tracer';

/** One tracer per process; it switches itself off outside Lambda (local runtime, tests). */
export const tracer = new Tracer({ serviceName: 'accountability-tracker' });
