import { describe, expect, it } from 'vitest';
import { ApiError } from '../ui/api.js';
import { fieldOfTarget, splitError } from './fieldErrors.js';

const FIELDS = ['planId', 'quantity', 'name'] as const;

describe('server errors on form fields', () => {
  it('reads the field from a target, schema-style or plain', () => {
    expect(fieldOfTarget('quantity')).toBe('quantity');
    expect(fieldOfTarget('body.quantity')).toBe('quantity');
    expect(fieldOfTarget('/body/planId')).toBe('planId');
    expect(fieldOfTarget(undefined)).toBeUndefined();
  });
  it('puts an envelope with a known target on its field only', () => {
    const e = new ApiError(400, 'ValidationFailed', 'The plan is for 1 to 500 users.', 'quantity');
    expect(splitError(e, FIELDS)).toEqual({ fields: { quantity: 'The plan is for 1 to 500 users.' }, general: undefined });
  });
  it('places schema details by their targets', () => {
    const e = new ApiError(400, 'ValidationFailed', 'body.quantity must be >= 1', undefined, [{ code: 'ValidationFailed', message: 'body.quantity must be >= 1', target: 'body.quantity' }]);
    expect(splitError(e, FIELDS)).toEqual({ fields: { quantity: 'body.quantity must be >= 1' }, general: undefined });
  });
  it('keeps an error whose target is no field of the form general', () => {
    const e = new ApiError(404, 'NotFound', 'The offer is not available in the marketplace.', 'offerId');
    expect(splitError(e, FIELDS)).toEqual({ fields: {}, general: e });
    const network = new Error('offline');
    expect(splitError(network, FIELDS)).toEqual({ fields: {}, general: network });
  });
});
