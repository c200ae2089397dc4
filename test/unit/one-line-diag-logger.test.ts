import { afterEach, describe, expect, it, vi } from 'vitest';
import { oneLineDiagLogger } from '../../services/shared/one-line-diag-logger';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('oneLineDiagLogger', () => {
  it("turns the SDK's JSON error text, stack and all, into one line", () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = new Error('connect ECONNREFUSED 127.0.0.1:4318');
    // What the SDK's global error handler passes: the error's fields as JSON, stack included.
    oneLineDiagLogger.error(JSON.stringify({ stack: error.stack, message: error.message, code: 'ECONNREFUSED' }));
    expect(printed).toHaveBeenCalledExactlyOnceWith('OpenTelemetry: connect ECONNREFUSED 127.0.0.1:4318');
  });

  it('keeps a plain warning with its arguments on one line, and drops debug chatter', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    oneLineDiagLogger.warn('Dropped 3 spans\nbecause', { message: 'the queue is full' });
    oneLineDiagLogger.debug('items to be sent');
    oneLineDiagLogger.info('started');
    expect(printed).toHaveBeenCalledExactlyOnceWith('OpenTelemetry: Dropped 3 spans because the queue is full');
  });
});
