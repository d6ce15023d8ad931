import { describe, expect, it } from 'vitest';
import {
  AlphaflowError,
  ConfigError,
  DataError,
  ErrorCode,
  ModelError,
  NativeError,
} from '../../core/errors.js';
import { reviveError, serializeError } from './workerProtocol.js';

describe('error round trip across the worker boundary', () => {
  it.each([
    new DataError(ErrorCode.SingleClass, 'labels hold only class 1', {
      column: 'label',
      rule: 'both classes',
    }),
    new NativeError(ErrorCode.Native, 'LightGBM failed', { rule: 'BoosterCreate' }),
    new ModelError(ErrorCode.CorruptModel, 'bad text'),
    new ConfigError('numLeaves must be ≥ 2', { rule: 'numLeaves' }),
  ])('keeps class, code, message and location of $name', (err) => {
    // structuredClone stands in for postMessage, which clones the same way.
    const back = reviveError(structuredClone(serializeError(err)));
    expect(back).toBeInstanceOf(err.constructor);
    expect(back).toBeInstanceOf(AlphaflowError);
    const a = back as AlphaflowError;
    expect(a.code).toBe(err.code);
    expect(a.message).toBe(err.message);
    expect(a.column).toBe(err.column);
    expect(a.rule).toBe(err.rule);
  });

  it('keeps name and message of plain errors', () => {
    const back = reviveError(serializeError(new RangeError('boom')));
    expect(back.name).toBe('RangeError');
    expect(back.message).toBe('boom');
    expect(back).not.toBeInstanceOf(AlphaflowError);
  });
});
